import request from 'supertest';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import type { SubjectTestView } from '../src/campaigns/subject-test-view.js';
import { ClickFlusher } from '../src/clicks/click-flusher.js';
import {
  auth,
  campaignSent,
  draftCampaign,
  seedSubscribers,
  subjectsByRecipient,
} from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait-for.js';

const SUBJECTS = ['نشرة الصباح: أهم الأخبار', 'عشرة أخبار لا تفوتك اليوم', 'ما الذي جرى أمس؟'];

interface CampaignBody {
  id: string;
  status: string;
  subject: string;
  total: number;
  sent: number;
  held: number;
  cancelled: number;
  subjectTest: SubjectTestView | null;
}

async function campaign(t: TestApp, id: string): Promise<CampaignBody> {
  const response = await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200);
  return response.body as CampaignBody;
}

/** A new list of `count` confirmed readers. */
async function listOf(t: TestApp, slug: string, count: number) {
  await request(t.url)
    .post('/api/admin/lists')
    .set(auth)
    .send({ slug, name: `قائمة ${slug}` })
    .expect(201);
  return seedSubscribers(t, count, { list: slug, domain: `${slug}.example` });
}

/** A draft with `subjects` to test on `list`, of the articles draftCampaign stored. */
async function testDraft(
  t: TestApp,
  list: string,
  subjectTest: Record<string, unknown>,
  subjects = SUBJECTS,
): Promise<string> {
  await draftCampaign(t, list); // stores the articles
  const created = await request(t.url)
    .post('/api/admin/campaigns')
    .set(auth)
    .send({ list, subjects, subjectTest, sinceHours: 24 })
    .expect(201);
  return created.body.id as string;
}

async function send(t: TestApp, id: string) {
  await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
}

function waitForPhase(t: TestApp, id: string, phase: SubjectTestView['phase']) {
  return waitFor(
    `campaign ${id}'s subject test to be ${phase}`,
    async () => {
      const body = await campaign(t, id);
      return body.subjectTest?.phase === phase && body;
    },
    60_000,
  );
}

describe('subject tests, chosen by the editor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEND_BATCH_SIZE: '25', SWEEP_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('sends each subject to its random share, holds the rest, then sends them the chosen one, nobody twice', async () => {
    const readers = await listOf(t, 'ab-editor', 300);
    const id = await testDraft(t, 'ab-editor', { sharePercent: 10, waitMinutes: 60 });
    const draft = await campaign(t, id);
    expect(draft.subject).toBe(SUBJECTS[0]);
    expect(draft.subjectTest).toMatchObject({ phase: 'draft', choose: 'editor', choosable: false });
    expect(draft.subjectTest?.subjects.map((row) => row.subject)).toEqual(SUBJECTS);
    // Nothing to choose before it starts.
    await request(t.url)
      .post(`/api/admin/campaigns/${id}/winner`)
      .set(auth)
      .send({ subject: 1 })
      .expect(409);

    await send(t, id);
    const waiting = await waitForPhase(t, id, 'waiting');
    const test = waiting.subjectTest!;
    expect(waiting.status).toBe('sending');
    expect(test.choosable).toBe(true);
    expect(test.testSentAt).not.toBeNull();
    expect(Date.parse(test.decideAt!) - Date.parse(test.testSentAt!)).toBe(60 * 60_000);
    const tested = test.subjects.reduce((sum, row) => sum + row.recipients, 0);
    for (const row of test.subjects) {
      // 10 % of 300 each, drawn at random: 30 on average, never a whole slice of the list.
      expect(row.recipients).toBeGreaterThan(10);
      expect(row.recipients).toBeLessThan(55);
      expect(row.sent).toBe(row.recipients);
      expect(row.readers).toBeNull(); // clicks are not tracked here
    }
    expect(test.rest).toEqual({ recipients: 300 - tested, held: 300 - tested, sent: 0 });
    expect(waiting.held).toBe(300 - tested);
    expect(waiting.total).toBe(300);

    // Only the test groups got mail, each with its group's subject, and they are spread over the list.
    await sleep(1500);
    const during = subjectsByRecipient(t, id);
    expect(during.size).toBe(tested);
    const countBySubject = new Map<string, number>();
    for (const subjects of during.values()) {
      expect(subjects).toHaveLength(1);
      countBySubject.set(subjects[0], (countBySubject.get(subjects[0]) ?? 0) + 1);
    }
    expect(SUBJECTS.map((subject) => countBySubject.get(subject))).toEqual(
      test.subjects.map((row) => row.recipients),
    );
    const lastHundred = readers.slice(200).map((reader) => reader.email);
    expect(lastHundred.some((email) => during.has(email))).toBe(true);
    expect(readers.slice(0, 100).some((reader) => !during.has(reader.email))).toBe(true);

    // A subject that is none of its own is refused; the choice is made once.
    for (const subject of [3, -1, 1.5, '1']) {
      await request(t.url)
        .post(`/api/admin/campaigns/${id}/winner`)
        .set(auth)
        .send({ subject })
        .expect(422);
    }
    const chosen = await request(t.url)
      .post(`/api/admin/campaigns/${id}/winner`)
      .set(auth)
      .send({ subject: 1 })
      .expect(201);
    expect(chosen.body.subject).toBe(SUBJECTS[1]);
    expect(chosen.body.subjectTest).toMatchObject({
      phase: 'decided',
      winner: 1,
      chosenBy: 'editor',
      choosable: false,
    });
    const again = await request(t.url)
      .post(`/api/admin/campaigns/${id}/winner`)
      .set(auth)
      .send({ subject: 2 })
      .expect(409);
    expect(again.body.message).toMatch(/chosen already/);

    const done = await campaignSent(t, id, 60_000);
    expect(done.sent).toBe(300);
    const after = subjectsByRecipient(t, id);
    expect(after.size).toBe(300);
    for (const reader of readers) {
      const subjects = after.get(reader.email)!;
      expect(subjects).toHaveLength(1);
      expect(subjects[0]).toBe(during.get(reader.email)?.[0] ?? SUBJECTS[1]);
    }
    const final = (await campaign(t, id)).subjectTest!;
    expect(final.rest).toEqual({ recipients: 300 - tested, held: 0, sent: 300 - tested });
    expect(final.subjects.map((row) => row.sent)).toEqual(test.subjects.map((row) => row.sent));
  });

  it('refuses a test that cannot be run with a 422, and makes nothing', async () => {
    await draftCampaign(t, 'ab-editor');
    const before = await t.db.getRepository(Campaign).count();
    const refusals: [Record<string, unknown>, string][] = [
      [{ subjects: ['وحيد'] }, 'subjects'],
      [{ subjects: ['أ', 'ب', 'ج', 'د', 'هـ'] }, 'subjects'],
      [{ subjects: ['أ', ' أ '] }, 'subjects'],
      [{ subject: 'أ', subjects: ['أ', 'ب'] }, 'subjects'],
      [{ subject: 'أ', subjectTest: { sharePercent: 10 } }, 'subjectTest'],
      [{ subjects: SUBJECTS, subjectTest: { sharePercent: 40 } }, 'subjectTest'],
      [{ subjects: ['أ', 'ب'], subjectTest: { sharePercent: 0 } }, 'subjectTest'],
      [{ subjects: ['أ', 'ب'], subjectTest: { waitMinutes: 0 } }, 'subjectTest'],
      [{ subjects: ['أ', 'ب'], subjectTest: { choose: 'clicks' } }, 'subjectTest'],
      [{ subjects: ['أ', 'ب'], subjectTest: { choose: 'coin' } }, 'subjectTest'],
      [{ subjects: ['أ', 'ب'], subjectTest: { wait: 5 } }, 'subjectTest'],
      [{ subjects: ['أ', 'ب\nBcc: x@evil.example'] }, 'subjects'],
      [{ subjects: 'أ,ب' }, 'subjects'],
    ];
    for (const [body, field] of refusals) {
      const response = await request(t.url)
        .post('/api/admin/campaigns')
        .set(auth)
        .send({ list: 'ab-editor', sinceHours: 24, ...body });
      expect([response.status, JSON.stringify(body)]).toEqual([422, JSON.stringify(body)]);
      expect(Object.keys(response.body.fields ?? {}).join()).toContain(field);
    }
    expect(await t.db.getRepository(Campaign).count()).toBe(before);

    // A campaign with one subject has nothing to choose.
    const single = await draftCampaign(t, 'ab-editor');
    await request(t.url)
      .post(`/api/admin/campaigns/${single}/winner`)
      .set(auth)
      .send({ subject: 0 })
      .expect(409);
    expect((await campaign(t, single)).subjectTest).toBeNull();
  });

  it('cancelled while waiting: the rest of the list never gets it, and nothing can be chosen', async () => {
    await listOf(t, 'ab-cancel', 120);
    const id = await testDraft(t, 'ab-cancel', { sharePercent: 20 }, SUBJECTS.slice(0, 2));
    await send(t, id);
    const waiting = await waitForPhase(t, id, 'waiting');
    const tested = waiting.subjectTest!.subjects.reduce((sum, row) => sum + row.sent, 0);
    await request(t.url).post(`/api/admin/campaigns/${id}/cancel`).set(auth).expect(201);
    const cancelled = await campaign(t, id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.held).toBe(0);
    expect(cancelled.cancelled).toBe(120 - tested);
    expect(cancelled.subjectTest?.choosable).toBe(false);
    await request(t.url)
      .post(`/api/admin/campaigns/${id}/winner`)
      .set(auth)
      .send({ subject: 0 })
      .expect(409);
    await sleep(2000);
    expect(subjectsByRecipient(t, id).size).toBe(tested);
  });

  it('chosen while paused mid-test: resumed, everyone gets exactly one message', async () => {
    const readers = await listOf(t, 'ab-pause', 400);
    const id = await testDraft(t, 'ab-pause', { sharePercent: 45 }, SUBJECTS.slice(0, 2));
    await send(t, id);
    await request(t.url).post(`/api/admin/campaigns/${id}/pause`).set(auth).expect(201);
    const paused = await campaign(t, id);
    expect(paused.status).toBe('paused');
    await request(t.url)
      .post(`/api/admin/campaigns/${id}/winner`)
      .set(auth)
      .send({ subject: 0 })
      .expect(201);
    expect((await campaign(t, id)).status).toBe('paused');
    await request(t.url).post(`/api/admin/campaigns/${id}/resume`).set(auth).expect(201);
    const done = await campaignSent(t, id, 60_000);
    expect(done.sent).toBe(400);
    const messages = subjectsByRecipient(t, id);
    expect(messages.size).toBe(400);
    for (const reader of readers) expect(messages.get(reader.email)).toHaveLength(1);
    const test = (await campaign(t, id)).subjectTest!;
    const tested = test.subjects.reduce((sum, row) => sum + row.sent, 0);
    expect(test.rest.sent).toBe(400 - tested);
    const second = [...messages.values()].filter(([subject]) => subject === SUBJECTS[1]).length;
    expect(second).toBe(test.subjects[1].sent);
  });
});

describe('subject tests, when a process stops halfway', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The sweeper looks every second for work Redis does not hold.
    t = await startTestApp({ SEND_BATCH_SIZE: '25', SWEEP_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('sends the rest when the winner was written but the process stopped before queueing it', async () => {
    const readers = await listOf(t, 'ab-stopped', 80);
    const id = await testDraft(t, 'ab-stopped', { sharePercent: 20 }, SUBJECTS.slice(0, 2));
    await send(t, id);
    await waitForPhase(t, id, 'waiting');
    // What chooseWinner writes, with nothing after it: no job, no row released.
    await t.db
      .createQueryBuilder()
      .update(Campaign)
      .set({
        winner: 1,
        subject: SUBJECTS[1],
        winnerChosenBy: 'editor',
        winnerChosenAt: new Date(),
      })
      .where({ id: Number(id) })
      .execute();
    await campaignSent(t, id, 30_000);
    const messages = subjectsByRecipient(t, id);
    expect(messages.size).toBe(readers.length);
    expect([...messages.values()].every((subjects) => subjects.length === 1)).toBe(true);
  });

  it('finishes a test whose rest of the list all left before the choice', async () => {
    await listOf(t, 'ab-left', 40);
    const id = await testDraft(t, 'ab-left', { sharePercent: 20 }, SUBJECTS.slice(0, 2));
    await send(t, id);
    const waiting = await waitForPhase(t, id, 'waiting');
    await t.db.query(
      `UPDATE deliveries SET status = 'skipped' WHERE campaign_id = ${Number(id)} AND status = 'held'`,
    );
    await request(t.url)
      .post(`/api/admin/campaigns/${id}/winner`)
      .set(auth)
      .send({ subject: 0 })
      .expect(201);
    const done = await campaignSent(t, id, 30_000);
    expect(done.sent).toBe(waiting.subjectTest!.subjects.reduce((sum, row) => sum + row.sent, 0));
  });
});

describe('subject tests, chosen by clicks (TRACK_CLICKS=per-subscriber)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The sweeper makes the choice when the wait is over: every second here.
    t = await startTestApp({
      TRACK_CLICKS: 'per-subscriber',
      SEND_BATCH_SIZE: '25',
      SWEEP_SECONDS: '1',
    });
  });
  afterAll(() => t.close());

  it('chooses the subject whose readers clicked most when the wait ends, and sends it to the rest', async () => {
    await listOf(t, 'ab-clicks', 200);
    const subjects = SUBJECTS.slice(0, 2);
    const id = await testDraft(
      t,
      'ab-clicks',
      { sharePercent: 20, waitMinutes: 0.2, choose: 'clicks' },
      subjects,
    );
    await send(t, id);
    const waiting = await waitForPhase(t, id, 'waiting');
    expect(waiting.subjectTest?.choose).toBe('clicks');

    // Three readers of the second subject click (one twice), one of the first.
    const bySubject = (subject: string) =>
      t.smtp.messages.filter(
        (mail) =>
          mail.header('X-Nashra-Ref').startsWith(`c${id}.`) && mail.parsed.subject === subject,
      );
    const click = async (mail: (typeof t.smtp.messages)[number]) => {
      const html = String(mail.parsed.html);
      const link = html.match(/href="([^"]*\/r\/[^"]+)"/)![1].replace(/&amp;/g, '&');
      await request(link).get('').redirects(0).expect(302);
    };
    const second = bySubject(subjects[1]);
    for (const mail of [second[0], second[0], second[1], second[2], bySubject(subjects[0])[0]]) {
      await click(mail);
    }
    await t.app.get(ClickFlusher).flush();
    const counted = (await campaign(t, id)).subjectTest!;
    expect(counted.subjects.map((row) => row.readers)).toEqual([1, 3]);
    expect(counted.phase).toBe('waiting');

    const decided = await waitForPhase(t, id, 'decided');
    expect(decided.subjectTest).toMatchObject({ winner: 1, chosenBy: 'clicks' });
    expect(decided.subject).toBe(subjects[1]);
    await campaignSent(t, id, 60_000);
    const messages = subjectsByRecipient(t, id);
    expect(messages.size).toBe(200);
    const rest = [...messages.values()].filter(([subject]) => subject === subjects[1]).length;
    expect(rest).toBe(
      decided.subjectTest!.subjects[1].recipients + decided.subjectTest!.rest.recipients,
    );
    expect([...messages.values()].every((list) => list.length === 1)).toBe(true);
  });
});
