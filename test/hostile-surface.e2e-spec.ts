import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import request from 'supertest';
import { ApiTokensService } from '../src/auth/api-tokens.service.js';
import { DevInboxService } from '../src/dev-inbox/dev-inbox.service.js';
import { PinoNestLogger } from '../src/logging/pino-logger.js';
import { TokenService } from '../src/tokens/token.service.js';
import { createEditor, logIn } from './helpers/editors.js';
import { edgeValueRequests, queryRequests } from './helpers/hostile-admin-requests.js';
import { jsonRequests } from './helpers/hostile-json-requests.js';
import { formRequests, idRequests, linkRequests } from './helpers/hostile-page-requests.js';
import {
  EVALUATED_TEMPLATE,
  type HostileContext,
  type HostileRequest,
} from './helpers/hostile-payloads.js';
import { importRequests, webhookRequests } from './helpers/hostile-raw-requests.js';
import { surfaceRequests } from './helpers/hostile-surface-requests.js';
import { auth, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { ADMIN_TOKEN, freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait-for.js';

const WEBHOOK_SECRET = 'hostile-webhook-secret-0123456789';

/** Tables a refused request must leave as they were. */
const TABLES = [
  'subscribers',
  'consents',
  'subscriptions',
  'lists',
  'campaigns',
  'deliveries',
  'schedules',
  'feeds',
  'articles',
  'suppressions',
  'api_tokens',
  'editors',
  'bounces',
  'transactional_emails',
];

/** What a body must never show: a stack frame, a source path, an error class, a database's words. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at [^\n]+[(:]\d+/],
  ['node_modules', /node_modules/],
  ['a source path', /\/src\/|\/dist\//],
  ['an error class', /\b(?:Type|Reference|Range|Syntax|Query\w*|Entity\w*|Driver\w*)Error\b/],
  ['SQLite', /SQLITE_/],
  [
    'PostgreSQL',
    /syntax error at or near|violates \w+ constraint|invalid input syntax|out of range for type|invalid byte sequence/,
  ],
];

interface Answer {
  status: number;
  body: string;
}

/** Sends exactly these bytes (no client-side encoding of the path or the body). */
function send(base: URL, hostile: HostileRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = hostile.body === undefined ? undefined : Buffer.from(hostile.body);
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: hostile.method,
        path: hostile.path,
        headers: {
          ...hostile.headers,
          ...(body ? { 'Content-Length': String(body.length) } : {}),
          Connection: 'close',
        },
        timeout: 20_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('latin1'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer in 20 s')));
    outgoing.on('error', (error) => reject(error));
    outgoing.end(body);
  });
}

describe('hostile input across the whole surface', () => {
  let t: TestApp;
  let dataDir: string;
  let context: HostileContext;
  const loggedErrors: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nashra-hostile-'));
    t = await startTestApp({
      // No SMTP_URL: the dev inbox is mounted (its routes are part of the surface) and keeps the mail.
      SMTP_URL: '',
      DEV_INBOX_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      WEBHOOK_SECRET,
      // The limits would answer 429 before the code under test runs.
      SIGNUP_LIMIT_PER_IP: '100000',
      SIGNUP_LIMIT_PER_EMAIL: '100000',
    });
    context = await seed(t);
    jest.spyOn(PinoNestLogger.prototype, 'error').mockImplementation((message: unknown) => {
      loggedErrors.push(String(message).slice(0, 500));
    });
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    jest.restoreAllMocks();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inbox = () => t.app.get(DevInboxService).list().length;

  async function counts(): Promise<Record<string, number>> {
    const columns = TABLES.map((table) => `(SELECT COUNT(*) FROM "${table}") AS "${table}"`);
    const [row] = (await t.db.query(`SELECT ${columns.join(', ')}`)) as Record<string, unknown>[];
    return {
      ...Object.fromEntries(TABLES.map((table) => [table, Number(row[table])])),
      mail: inbox(),
    };
  }

  /** After an accepted request: its mail is out and filed before the next refusal is judged. */
  async function quiet(): Promise<number> {
    await t.settled();
    let last = -1;
    for (;;) {
      const now = inbox();
      if (now === last) return now;
      last = now;
      await sleep(80);
    }
  }

  it('answers every request below 500, leaks nothing, and stores nothing it refused', async () => {
    const catalogue = [
      ...jsonRequests(context),
      ...edgeValueRequests(context),
      ...queryRequests(context),
      ...idRequests(context),
      ...linkRequests(context),
      ...formRequests(context),
      ...importRequests(context),
      ...webhookRequests(context),
      ...surfaceRequests(context),
    ];
    const base = new URL(t.url);
    const failures: string[] = [];
    let settledMail = await quiet();
    let before = await counts();
    for (const hostile of catalogue) {
      let answer: Answer;
      try {
        answer = await send(base, hostile);
      } catch (error) {
        failures.push(`${hostile.label}: no answer (${(error as Error).message})`);
        continue;
      }
      const fail = (why: string) =>
        failures.push(`${hostile.label}: ${why} [${answer.status}] ${answer.body.slice(0, 200)}`);
      if (answer.status >= 500) fail('5xx');
      if (hostile.expect !== undefined && answer.status !== hostile.expect) {
        fail(`expected ${hostile.expect}`);
      }
      for (const [what, pattern] of LEAKS) if (pattern.test(answer.body)) fail(`shows ${what}`);
      if (EVALUATED_TEMPLATE.test(answer.body)) fail('evaluated a template');
      const after = await counts();
      if (answer.status >= 400) {
        const changed = Object.keys(after).filter((key) => after[key] !== before[key]);
        if (changed.length) fail(`refused but changed ${changed.join(', ')}`);
        before = after;
      } else {
        settledMail = await quiet();
        before = await counts();
      }
    }
    process.stdout.write(`hostile surface: ${catalogue.length} requests\n`);

    // Mail a refused request queued or sent late would show now.
    expect(await quiet()).toBe(settledMail);
    expect(failures).toEqual([]);
    expect(catalogue.length).toBeGreaterThanOrEqual(300);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
    await request(t.url).get('/health/live').expect(200);
    expect(loggedErrors).toEqual([]);
    expect(unhandled).toEqual([]);
  }, 240_000);
});

/** Rows for every kind of id, a session with its CSRF token, and tokens real, expired and forged. */
async function seed(t: TestApp): Promise<HostileContext> {
  const desk = await createEditor(t, 'desk@example.com', 'admin');
  const other = await createEditor(t, 'other@example.com');
  const editor = await logIn(t, 'desk@example.com');
  const [reader] = await seedSubscribers(t, 2);
  const api = request(t.url);
  const list = await api
    .post('/api/admin/lists')
    .set(auth)
    .send({ slug: 'quiet', name: 'هادئة' })
    .expect(201);
  // A campaign to a list nobody is on: a send that slips through mails no one.
  const campaign = await draftCampaign(t, 'quiet');
  const schedule = await api
    .post('/api/admin/schedules')
    .set(auth)
    .send({ list: 'quiet', cron: '0 3 1 1 *', timezone: 'Asia/Baghdad', subject: 'سنوية' })
    .expect(201);
  const feed = await api
    .post('/api/admin/feeds')
    .set(auth)
    .send({ url: 'https://feeds.example.invalid/rss', pollMinutes: 1440 })
    .expect(201);
  const suppression = await api
    .post('/api/admin/suppressions')
    .set(auth)
    .send({ email: 'suppressed@example.com' })
    .expect(201);
  const apiToken = await t.app.get(ApiTokensService).create('hostile', desk.id);
  await api.post('/api/subscriptions').send({ email: 'inbox@example.com' }).expect(202);
  const message = await waitFor(
    'the confirmation in the dev inbox',
    () => t.app.get(DevInboxService).list()[0],
  );
  const tokens = t.app.get(TokenService);
  const forger = new TokenService({ APP_SECRET: 'not-the-secret-not-the-secret-00' });
  const claims = { subscriberId: reader.id, ref: 0, expiresAt: 0 };
  return {
    adminToken: ADMIN_TOKEN,
    webhookSecret: WEBHOOK_SECRET,
    editor: { ...editor, otherEditorId: String(other.id) },
    ids: {
      list: String(list.body.id),
      subscriber: String(reader.id),
      campaign,
      schedule: String(schedule.body.id),
      feed: String(feed.body.id),
      suppression: String(suppression.body.id),
      apiToken: String(apiToken.id),
      inboxMessage: message.id,
    },
    tokens: {
      confirm: tokens.sign({
        ...claims,
        purpose: 'confirm',
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      }),
      unsubscribe: tokens.sign({ ...claims, purpose: 'unsubscribe' }),
      preferences: tokens.sign({ ...claims, purpose: 'preferences' }),
      expiredConfirm: tokens.sign({ ...claims, purpose: 'confirm', expiresAt: 1_000_000 }),
      wrongSecret: forger.sign({ ...claims, purpose: 'unsubscribe' }),
      unknownSubscriber: tokens.sign({
        ...claims,
        subscriberId: 987_654_321,
        purpose: 'unsubscribe',
      }),
    },
  };
}
