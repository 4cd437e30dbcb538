/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { AuditEntry } from '../src/auth/entities/audit-entry.entity.js';
import { SubscriberAdminService } from '../src/admin/subscriber-admin.service.js';
import { eligibleSubscribers } from '../src/delivery/recipients.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { ListsService } from '../src/subscribers/lists.service.js';
import { launchChromium } from './helpers/browser.js';
import { createEditor, EDITOR_PASSWORD, type EditorAgent, logIn } from './helpers/editors.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { auth, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** Numbers as the pages write them (`Intl.NumberFormat('ar')`, whatever digits it uses). */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);

const LONG_ADDRESS =
  'a.reader.with.a.rather.long.address.for.the.table@newsroom-of-a-very-long-name.example';

describe('the subscribers, account and editors pages', () => {
  let t: TestApp;
  let chief: EditorAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'chief@example.com', 'admin');
    chief = await logIn(t, 'chief@example.com');
  });
  afterAll(() => t.close());

  const post = (path: string) => request(t.url).post(path).set('Cookie', chief.cookie);
  const get = (path: string) => request(t.url).get(path).set('Cookie', chief.cookie);
  const importPath = () => `/admin/subscribers/import?_csrf=${encodeURIComponent(chief.csrf)}`;
  const csv = (text: string) => ({
    file: Buffer.from(text),
    options: { filename: 'readers.csv', contentType: 'text/csv' },
  });
  /** Who would receive the next digest of the list. */
  const recipients = async (slug: string) => {
    const list = await t.db.getRepository(MailingList).findOneByOrFail({ slug });
    const rows = await eligibleSubscribers(t.db, list.id, { after: 0 })
      .select('s.email', 'email')
      .getRawMany<{ email: string }>();
    return rows.map((row) => row.email);
  };

  it('imports readers marked as confirmed: members of the list, with no confirmation email', async () => {
    const file = csv('email,name\nkept.one@example.com,أمل\nkept.two@example.com,سامي\n');
    // As the browser sends the form: the list and the box before the file.
    const page = await post(importPath())
      .field('list', 'daily')
      .field('confirmed', 'on')
      .attach('file', file.file, file.options)
      .expect(200);
    expect(page.text).toContain('نتيجة الاستيراد إلى «النشرة اليومية»');
    expect(page.text).toContain('استُورد مشتركان');
    expect(page.text).toContain('صاروا مشتركين مؤكَّدين');
    const kept = await t.db
      .getRepository(Subscriber)
      .find({ where: [{ email: 'kept.one@example.com' }, { email: 'kept.two@example.com' }] });
    expect(kept.map((reader) => reader.status)).toEqual(['confirmed', 'confirmed']);
    expect(await recipients('daily')).toEqual(
      expect.arrayContaining(['kept.one@example.com', 'kept.two@example.com']),
    );

    // Without the box, readers wait as pending: on no list, and (as the form says) sent nothing.
    const pendingFile = csv('email\nwaiting@example.com\n');
    const pending = await post(importPath())
      .field('list', 'daily')
      .attach('file', pendingFile.file, pendingFile.options)
      .expect(200);
    expect(pending.text).toContain('استُورد مشترك واحد');
    expect(pending.text).toContain('«بانتظار التأكيد»، ولم تُرسل إليهم رسالة تأكيد');
    expect(
      (await t.db.getRepository(Subscriber).findOneByOrFail({ email: 'waiting@example.com' }))
        .status,
    ).toBe('pending');
    expect(await recipients('daily')).not.toContain('waiting@example.com');

    // A reader added by hand without the box does get a confirmation: once it has arrived and
    // the queue is empty, nothing was sent to anyone imported.
    await post('/admin/subscribers')
      .type('form')
      .send({ _csrf: chief.csrf, email: 'by.hand@example.com', list: 'daily' })
      .expect(303);
    await waitFor('the confirmation to by.hand', () => t.smtp.to('by.hand@example.com').length > 0);
    await t.settled();
    const imported = ['kept.one@example.com', 'kept.two@example.com', 'waiting@example.com'];
    expect(t.smtp.messages.filter((mail) => mail.to.some((to) => imported.includes(to)))).toEqual(
      [],
    );
    // The log names the list an import went to.
    await waitFor('both imports in the audit log', async () => {
      const imports = await t.db
        .getRepository(AuditEntry)
        .countBy({ action: 'POST /admin/subscribers/import', target: 'daily', detail: '200' });
      return imports === 2;
    });
  });

  it('still takes the list and the box in the query string', async () => {
    const file = csv('email\nby.query@example.com\n');
    await post(`${importPath()}&list=daily&confirmed=on`)
      .attach('file', file.file, file.options)
      .expect(200);
    expect(await recipients('daily')).toContain('by.query@example.com');
  });

  it('reports refused rows in Arabic, by row number, with the value left to right', async () => {
    const file = csv(
      `email,name\nnot-an-address,أول\ngood.row@example.com,ثانٍ\ntwo words@example.com,ثالث\nlong.name@example.com,${'س'.repeat(201)}\n`,
    );
    const page = await post(importPath())
      .field('list', 'daily')
      .attach('file', file.file, file.options)
      .expect(200);
    const report = page.text.slice(page.text.indexOf('id="import-report"'));
    expect(report).toContain(`رُفض ${n(3)} أسطر`);
    const row = (number: number) => {
      const start = report.indexOf(`<td>${n(number)}</td>`);
      return start < 0 ? '' : report.slice(start, report.indexOf('</tr>', start));
    };
    expect(row(2)).toMatch(
      /<td><bdi dir="ltr">not-an-address<\/bdi><\/td>\s*<td>العنوان ليس على صورة <bdi dir="ltr">name@example.com<\/bdi><\/td>/,
    );
    expect(row(3)).toBe('');
    expect(row(4)).toContain('في العنوان مسافة أو رمز تحكّم');
    expect(row(5)).toContain(`الاسم أطول من ${n(200)} حرف`);
    expect(page.text).not.toMatch(/must look like|not allowed|longer than/);

    // The API keeps its English reasons for its clients.
    const api = await request(t.url)
      .post('/api/admin/subscribers/import?list=daily')
      .set(auth)
      .attach('file', Buffer.from('email\nnot-an-address\n'), 'x.csv')
      .expect(201);
    expect(api.body.errors).toEqual([
      { row: 2, email: 'not-an-address', reason: 'email must look like name@example.com' },
    ]);
  });

  it('refuses a file it cannot read in Arabic, and imports nothing', async () => {
    const before = await t.db.getRepository(Subscriber).count();
    const headless = csv('someone@example.com,أمل\n');
    const noHeader = await post(importPath())
      .field('list', 'daily')
      .attach('file', headless.file, headless.options)
      .expect(422);
    expect(noHeader.text).toContain('يجب أن يسمّي السطر الأول من الملف أعمدته');
    const broken = csv('email,name\n"open.quote@example.com,أمل\n');
    const unreadable = await post(importPath())
      .field('list', 'daily')
      .attach('file', broken.file, broken.options)
      .expect(422);
    expect(unreadable.text).toContain('تعذّرت قراءة الملف');
    const somewhere = csv('email\nnowhere@example.com\n');
    const noList = await post(importPath())
      .field('list', 'no-such-list')
      .field('confirmed', 'on')
      .attach('file', somewhere.file, somewhere.options)
      .expect(422);
    expect(noList.text).toContain('اختر القائمة التي يُستورد إليها الملف');
    // The form comes back as it was sent: the box still ticked.
    expect(noList.text).toMatch(/id="import-confirmed" type="checkbox" name="confirmed" checked/);
    const noFile = await post(importPath()).field('list', 'daily').expect(422);
    expect(noFile.text).toContain('لاستيراده');
    for (const refused of [noHeader, unreadable, noList, noFile]) {
      expect(refused.text).not.toMatch(/the first row|could not|attach the/);
    }
    expect(await t.db.getRepository(Subscriber).count()).toBe(before);
  });

  it('keeps what was typed when a form is refused, and says why in Arabic', async () => {
    const badAddress = await post('/admin/subscribers')
      .type('form')
      .send({ _csrf: chief.csrf, email: 'reader@bad_domain', name: 'هدى', list: 'daily' })
      .expect(422);
    expect(badAddress.text).toContain('value="reader@bad_domain"');
    expect(badAddress.text).toContain('value="هدى"');
    expect(badAddress.text).toContain('عنوان البريد غير صالح: ما بعد');

    await seedSubscribers(t, 1, { domain: 'present.example' });
    const present = await post('/admin/subscribers')
      .type('form')
      .send({ _csrf: chief.csrf, email: 'reader-0@present.example', name: 'سعاد', list: 'daily' })
      .expect(409);
    expect(present.text).toContain('هذا العنوان مسجّل من قبل');
    expect(present.text).toContain('value="reader-0@present.example"');
    expect(present.text).not.toContain('exists already');

    const login = await request(t.url)
      .post('/admin/login')
      .type('form')
      .send({ email: 'chief@example.com', password: 'not the password' })
      .expect(401);
    expect(login.text).toContain('value="chief@example.com"');
    expect(login.text).not.toContain('not the password');

    const shortPassword = await post('/admin/editors')
      .type('form')
      .send({
        _csrf: chief.csrf,
        email: 'new.editor@example.com',
        name: 'رنا',
        role: 'admin',
        password: 'short',
      })
      .expect(422);
    expect(shortPassword.text).toContain(`كلمة المرور قصيرة: ${n(10)} أحرف على الأقل`);
    expect(shortPassword.text).toContain('value="new.editor@example.com"');
    expect(shortPassword.text).toContain('value="رنا"');
    expect(shortPassword.text).toMatch(/<option value="admin"\s+selected/);
    const twice = await post('/admin/editors')
      .type('form')
      .send({ _csrf: chief.csrf, email: 'chief@example.com', password: 'x'.repeat(12) })
      .expect(409);
    expect(twice.text).toContain('يوجد حساب بهذا البريد من قبل');

    const gone = await post('/admin/subscribers/999999/erase')
      .type('form')
      .send({ _csrf: chief.csrf })
      .expect(404);
    expect(gone.text).toContain('لم نجد هذا المشترك');
    const noToken = await post('/admin/account/tokens/999999/revoke')
      .type('form')
      .send({ _csrf: chief.csrf })
      .expect(404);
    expect(noToken.text).toContain('لم نجد هذا الرمز');
    const noEditor = await post('/admin/editors/999999')
      .type('form')
      .send({ _csrf: chief.csrf, role: 'editor' })
      .expect(404);
    expect(noEditor.text).toContain('لم نجد هذا الحساب');
    // A malformed page cursor is ignored, not a 500.
    await get('/admin/subscribers?before=1.5').expect(200);
  });

  it('shows the audit log in Arabic: who, what and how it ended', async () => {
    const additions = () =>
      t.db
        .getRepository(AuditEntry)
        .countBy({ action: 'POST /admin/subscribers', detail: '303', actor: 'chief@example.com' });
    const before = await additions();
    await request(t.url)
      .post('/admin/login')
      .type('form')
      .send({ email: 'stranger@example.com', password: 'guess' })
      .expect(401);
    await post('/admin/subscribers')
      .type('form')
      .send({ _csrf: chief.csrf, email: 'logged@example.com', list: 'daily', confirmed: 'on' })
      .expect(303);
    // A page answers before the log is written (it sends its own redirect): wait for the entry.
    await waitFor('the audit entry of the addition', async () => (await additions()) > before);
    const page = await get('/admin/editors').expect(200);
    const log = page.text.slice(page.text.indexOf('سجل التدقيق'));
    const rows = log.split('<tr>').slice(2);
    const failed = rows.find((row) => row.includes('stranger@example.com'));
    expect(failed).toMatch(/<br \/>مجهول\s*<\/td>/);
    expect(failed).toContain('تسجيل دخول فاشل بعنوان <bdi dir="ltr">stranger@example.com</bdi>');
    expect(failed).toContain('رُفض: البريد أو كلمة المرور غير صحيحة');
    const added = rows.find((row) => row.includes('أضاف مشتركاً') && row.includes('تمّ'));
    expect(added).toContain('<bdi dir="ltr">chief@example.com</bdi>');
    expect(rows.some((row) => row.includes('استورد ملفاً إلى «النشرة اليومية»'))).toBe(true);
    expect(log).not.toMatch(/POST \/admin|anonymous|login failed|>\s*\d{3}\s*</);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(() => browser?.close());

    it('fits /admin/subscribers, /admin/account and /admin/editors on a phone and a laptop, in Arabic', async () => {
      await seedSubscribers(t, 9, { domain: 'browser.example' });
      const [daily] = await t.app.get(ListsService).resolve(['daily']);
      await t.app
        .get(SubscriberAdminService)
        .insertBatch([{ email: LONG_ADDRESS, name: 'Jane Reader' }], [daily], true, 'test', '');
      await post('/admin/account/tokens')
        .type('form')
        .send({ _csrf: chief.csrf, name: 'cms' })
        .expect(201);

      const context = await browser.newContext();
      const login = await context.newPage();
      await login.goto(`${t.url}/admin/login`);
      await login.fill('#email', 'chief@example.com');
      await login.fill('#password', EDITOR_PASSWORD);
      await login.click('button[type=submit]');
      await login.waitForURL(`${t.url}/admin`);
      await login.close();

      const problems: string[] = [];
      for (const width of [390, 1280]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 800 });
        for (const path of ['/admin/subscribers', '/admin/account', '/admin/editors']) {
          await page.goto(`${t.url}${path}`);
          const overflow = await horizontalOverflow(page);
          if (overflow !== 0) problems.push(`${path} @${width}: ${overflow} px sideways`);
          for (const text of await latinOutsideLtr(page))
            problems.push(`${path} @${width}: ${text}`);
        }
        await page.goto(`${t.url}/admin/subscribers`);
        expect(await page.locator('bdi[dir=ltr]', { hasText: LONG_ADDRESS }).count()).toBe(1);
        await page.close();
      }
      expect(problems).toEqual([]);
    });
  });
});
