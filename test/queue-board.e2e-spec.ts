import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { arabicNumber } from '../src/common/arabic-format.js';
import { JOBS, QUEUES } from '../src/queues/queue-names.js';
import { createEditor, type EditorAgent, logIn } from './helpers/editors.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** One queue's card on /admin/queues: its counts by state, as the page shows them. */
function countsOn(page: string, queue: string): Record<string, string> {
  const card = new RegExp(`data-queue="${queue}"[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  return Object.fromEntries(
    [...card.matchAll(/data-count="(\w+)">([^<]*)</g)].map((match) => [match[1], match[2]]),
  );
}

describe('the queues, in Arabic, and Bull Board behind them', () => {
  let t: TestApp;
  let editor: EditorAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
  });
  afterAll(() => t.close());

  const get = (path: string) => request(t.url).get(path).set('Cookie', editor.cookie);
  const queue = (name: string) => t.app.get<Queue>(getQueueToken(name), { strict: false });

  it('says what each queue does and how many of its jobs wait, run, are delayed or failed', async () => {
    const hour = 3600_000;
    await queue(QUEUES.transactional).add(JOBS.sendTransactional, { emailId: 0 }, { delay: hour });
    for (const feedId of [1, 2]) {
      await queue(QUEUES.feeds).add(JOBS.pollFeed, { feedId }, { delay: hour });
    }
    // A job no processor knows fails on its one attempt.
    await queue(QUEUES.campaigns).add('no-such-job', {}, { attempts: 1 });

    const page = await waitFor('the failed job on the page', async () => {
      const response = await get('/admin/queues').expect(200);
      return countsOn(response.text, QUEUES.campaigns).failed === arabicNumber(1) && response;
    });
    expect(page.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.text).toContain('<a href="/admin/queues" aria-current="page"');
    for (const title of ['إرسال الحملات', 'البريد الفردي', 'قراءة الخلاصات', 'مواعيد الجداول']) {
      expect(page.text).toContain(title);
    }
    for (const name of Object.values(QUEUES)) {
      expect(page.text).toContain(`<bdi dir="ltr">${name}</bdi>`);
    }
    const zero = arabicNumber(0);
    expect(countsOn(page.text, QUEUES.transactional)).toEqual({
      waiting: zero,
      active: zero,
      delayed: arabicNumber(1),
      failed: zero,
    });
    expect(countsOn(page.text, QUEUES.feeds).delayed).toBe(arabicNumber(2));
    expect(countsOn(page.text, QUEUES.schedules)).toEqual({
      waiting: zero,
      active: zero,
      delayed: zero,
      failed: zero,
    });
    expect(page.text).toMatch(
      /<a class="button secondary" href="\/admin\/queues\/board">فتح لوحة الطوابير التفصيلية \(بالإنجليزية\)<\/a>/,
    );
  });

  it('serves Bull Board under /admin/queues/board without Google’s web font', async () => {
    const board = await get('/admin/queues/board').set('Accept', 'text/html').expect(200);
    expect(board.text).toContain('<base href="/admin/queues/board/" />');
    expect(board.text).toContain('static/js/main.');
    expect(board.text).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
    const api = await get('/admin/queues/board/api/queues').expect(200);
    const names = (api.body.queues as { name: string }[]).map((item) => item.name).sort();
    expect(names).toEqual(Object.values(QUEUES).sort());
  });

  it('refuses the page, the board and its API without a session, and changes by editors', async () => {
    for (const path of ['/admin/queues', '/admin/queues/board']) {
      const page = await request(t.url).get(path).set('Accept', 'text/html').expect(303);
      expect(page.headers.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
    await request(t.url).get('/admin/queues').set('Accept', 'application/json').expect(401);
    await request(t.url).get('/admin/queues/board/api/queues').expect(401);
    await request(t.url).put('/admin/queues/board/api/queues/pause').expect(401);
    // Logged in as an editor, not an admin: looking is allowed, pausing every queue is not.
    await request(t.url)
      .put('/admin/queues/board/api/queues/pause')
      .set('Cookie', editor.cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(403);
    for (const name of Object.values(QUEUES)) expect(await queue(name).isPaused()).toBe(false);
  });
});
