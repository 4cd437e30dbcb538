import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { SubscriberAdminService } from '../src/admin/subscriber-admin.service.js';
import { BouncesCoreModule } from '../src/bounces/bounces-core.module.js';
import { BouncesService } from '../src/bounces/bounces.service.js';
import { Bounce } from '../src/bounces/entities/bounce.entity.js';
import { BounceMailboxPoller, pollSlotKey } from '../src/bounces/mailbox/bounce-mailbox.poller.js';
import { BounceMailbox, type PassReport } from '../src/bounces/mailbox/bounce-mailbox.service.js';
import { parseMailboxUrl } from '../src/bounces/mailbox/mailbox-url.js';
import { UnsubscribeMail } from '../src/bounces/unsubscribe-mail.service.js';
import { REDIS } from '../src/redis/redis-token.js';
import { Suppression } from '../src/subscribers/entities/suppression.entity.js';
import { ListsService } from '../src/subscribers/lists.service.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { Dovecot, type FolderMessage } from './helpers/dovecot.js';
import { auth, campaignSent, draftCampaign } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const CORPUS = join(import.meta.dirname, 'fixtures/bounces/eml');
const PROCESSED = 'Nashra/Processed';
const UNREADABLE = '$NashraUnreadable';

const corpusFile = (name: string) => readFileSync(join(CORPUS, name), 'latin1');

/** The report as if it came back to our message: its own To is that message's VERP address. */
function aimedAt(report: string, verp: string): Buffer {
  const end = report.search(/\r?\n\r?\n/);
  const head = report.slice(0, end).replace(/^To:.*(\r?\n[ \t].*)*/im, `To: <${verp}>`);
  return Buffer.from(head + report.slice(end), 'latin1');
}

const plainMail = (subject: string) =>
  [
    'From: someone@example.org',
    'To: newsletter@localhost',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}@example.org>`,
    '',
    'Not a report: a reader writing back to the bounce address.',
    '',
  ].join('\r\n');

/** 15,000 multiparts inside each other: the reader refuses it past 20 levels. */
function nestedTooDeep(): string {
  const lines = ['From: mailer@example.org', 'Subject: Nested too deep', 'MIME-Version: 1.0'];
  for (let level = 0; level < 15_000; level += 1) {
    const boundary = level.toString(36);
    lines.push(`Content-Type: multipart/mixed; boundary=${boundary}`, '', `--${boundary}`);
  }
  lines.push('Content-Type: text/plain', '', 'the bottom', '');
  return lines.join('\r\n');
}

/** Over the reader's 1 MB bound: refused from its size, without being downloaded. */
const tooLarge = () =>
  `From: mailer@example.org\r\nSubject: Too large\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(16_000)}`;

const subjects = (messages: FolderMessage[]) => messages.map((message) => message.subject).sort();

describe('the bounce mailbox, read over IMAP from a real Dovecot', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  /**
   * The app's own instance. Selected with abortOnError off: were BounceMailboxModule missing from
   * the app, Nest would otherwise exit the test process (and leave Dovecot running) on a failed get.
   */
  const fromApp = <T>(type: new (...args: never[]) => T): T =>
    t.app.select(BouncesCoreModule, { abortOnError: false }).get(type);
  const mailbox = () => fromApp(BounceMailbox);
  /** One pass, waiting out any pass another worker (or the app's own timer) is running. */
  const pass = () =>
    waitFor(
      'a pass over the bounce mailbox',
      async () => {
        const report = await mailbox().runPass();
        return report === 'busy' ? null : report;
      },
      30_000,
    );
  const suppressed = (email: string) => t.app.get(SuppressionService).blocksEverything(email);
  /** As if another worker had this minute's pass: the app's own timer stays out of the tests' way. */
  const holdSlot = () => t.app.get<Redis>(REDIS).set(pollSlotKey(t.config), '1', 'PX', 600_000);

  beforeAll(async () => {
    dovecot = await Dovecot.start();
    t = await startTestApp({ BOUNCE_IMAP_URL: dovecot.url() });
    await holdSlot();
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('acts on a bounce, files what it read, marks what it cannot read, once, with two workers racing', async () => {
    const bouncing = 'neko@example.co.jp';
    const away = 'kijitora@example.net';
    const lists = await t.app.get(ListsService).resolve(['daily']);
    await t.app.get(SubscriberAdminService).insertBatch(
      [bouncing, away].map((email) => ({ email, name: '' })),
      lists,
      true,
      'test',
      '127.0.0.1',
    );
    const id = await draftCampaign(t, 'daily', 'نشرة صندوق الارتدادات');
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent(t, id, 30_000);
    const verp = (email: string) => t.smtp.to(email).at(-1)!.mailFrom;
    expect(verp(bouncing)).toMatch(/^newsletter\+b\.c\d+\.s\d+\.[0-9a-f]{12}@/);

    await dovecot.append(aimedAt(corpusFile('lhost-amavis-01.eml'), verp(bouncing)));
    await dovecot.append(aimedAt(corpusFile('rfc3834-01.eml'), verp(away)));
    await dovecot.append(nestedTooDeep());
    await dovecot.append(tooLarge());
    await dovecot.append(plainMail('Lunch on Thursday'));
    const before = await dovecot.list();
    expect(before).toHaveLength(5);
    expect(before.every((message) => message.flags.length === 0)).toBe(true);

    // Two workers reach for the mailbox at once: one reads it, the other finds it taken.
    const other = new BounceMailbox(
      t.app.get(BouncesService),
      t.app.get<Redis>(REDIS),
      t.config,
      parseMailboxUrl(dovecot.url()),
      t.app.get(UnsubscribeMail),
    );
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const raced = await Promise.all([mailbox().runPass(), other.runPass()]);
    const warnings = warn.mock.calls.map((call) => String(call[0]));
    warn.mockRestore();
    expect(raced.filter((report) => report === 'busy')).toHaveLength(1);
    expect(raced.find((report) => report !== 'busy')).toEqual({
      moved: 3,
      unreadable: 2,
      remaining: 0,
      failure: null,
    });

    // (a) The hard bounce suppressed its reader, matched to the campaign; nothing else acted.
    expect(await suppressed(bouncing)).toBe(true);
    expect(await suppressed(away)).toBe(false);
    const bounces = await t.db.getRepository(Bounce).find();
    expect(bounces).toEqual([
      expect.objectContaining({ type: 'hard', outcome: 'suppressed', campaignId: Number(id) }),
    ]);
    expect(await t.db.getRepository(Suppression).count()).toBe(1);
    // Each unreadable one is logged with the bound it passed.
    expect(warnings.map((line) => /left in place as unreadable (\(.*\))$/.exec(line)?.[1])).toEqual(
      expect.arrayContaining(['(too-deep)', '(too-large)']),
    );

    // (a), (b), (d) were read and filed; (c) stays in INBOX, seen and marked; nothing deleted.
    const processed = await dovecot.list(PROCESSED);
    expect(subjects(processed)).toEqual(
      ['Away until May 5', 'Lunch on Thursday', 'Undeliverable mail, MTA-BLOCKED'].sort(),
    );
    expect(processed.every((message) => !message.flags.includes('\\Deleted'))).toBe(true);
    const inbox = await dovecot.list();
    expect(inbox.map(({ subject, flags }) => ({ subject, flags }))).toEqual([
      { subject: 'Nested too deep', flags: [UNREADABLE, '\\Seen'].sort() },
      { subject: 'Too large', flags: [UNREADABLE, '\\Seen'].sort() },
    ]);

    // A second pass leaves the unreadable ones alone: same UIDs, same flags, nothing new.
    expect(await pass()).toEqual({ moved: 0, unreadable: 0, remaining: 0, failure: null });
    expect(await dovecot.list()).toEqual(inbox);
    expect(await dovecot.list(PROCESSED)).toEqual(processed);
    expect(await t.db.getRepository(Bounce).count()).toBe(1);
  });

  it('a refused login or a server gone away costs one quiet log line and a pass; nothing is lost', async () => {
    const password = dovecot.password;
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      await dovecot.append(plainMail('Written while the password was wrong'));
      await dovecot.setPassword('changed-on-the-server');
      warn.mockClear();
      const refused = await pass();
      expect(refused).toMatchObject({ moved: 0, unreadable: 0 });
      expect(refused.failure).toMatch(/authentication failed/i);
      const lines = warn.mock.calls.map((call) => String(call[0]));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^bounce mailbox imap:\/\/127\.0\.0\.1:\d+\/INBOX: pass failed: /);
      expect(lines[0]).not.toContain(password);
      expect(lines[0]).not.toContain('\n');

      // The server is put right: the next pass reads what waited.
      await dovecot.setPassword(password);
      expect(await pass()).toEqual({ moved: 1, unreadable: 0, remaining: 0, failure: null });
      expect(subjects(await dovecot.list(PROCESSED))).toContain(
        'Written while the password was wrong',
      );

      await dovecot.stop();
      warn.mockClear();
      const away: PassReport = await pass();
      expect(away.failure).toMatch(/ECONNREFUSED/);
      expect(warn).toHaveBeenCalledTimes(1);
      await dovecot.restart();
      await dovecot.append(plainMail('Written while the server was down'));
      expect(await pass()).toMatchObject({ moved: 1, failure: null });
    } finally {
      warn.mockRestore();
      if (dovecot.password !== password) await dovecot.setPassword(password);
    }
    expect((await dovecot.list()).map((message) => message.subject)).toEqual([
      'Nested too deep',
      'Too large',
    ]);
  });

  it("the minute's scheduled pass runs in one worker only", async () => {
    await dovecot.append(plainMail('Read by the scheduled pass'));
    const poller = fromApp(BounceMailboxPoller);
    await t.app.get<Redis>(REDIS).del(pollSlotKey(t.config));
    expect(await poller.pollIfDue()).toMatchObject({ moved: 1, failure: null });
    expect(await poller.pollIfDue()).toBe('not due');
    await holdSlot();
  });

  it('without MOVE on the server, copies, flags \\Deleted and expunges only what it moved', async () => {
    await dovecot.restart({
      capabilities: 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE UIDPLUS',
    });
    expect(await dovecot.announced()).not.toContain('MOVE');
    // Someone's message already marked for deletion, not ours to expunge.
    await dovecot.append(plainMail('Marked deleted by someone else'), 'INBOX', [
      '\\Seen',
      '\\Deleted',
    ]);
    await dovecot.append(plainMail('Read without MOVE'));

    expect(await pass()).toEqual({ moved: 1, unreadable: 0, remaining: 0, failure: null });
    const processed = await dovecot.list(PROCESSED);
    expect(processed.filter((message) => message.subject === 'Read without MOVE')).toEqual([
      expect.objectContaining({ flags: [] }),
    ]);
    expect(subjects(await dovecot.list())).toEqual(
      ['Marked deleted by someone else', 'Nested too deep', 'Too large'].sort(),
    );
  });
});
