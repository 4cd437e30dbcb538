import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { BOUNCE_DOMAIN, READERS_DOMAIN, TestPostfix } from './helpers/postfix.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const SECRET = 'webhook-secret-0123456789';
const SCRIPT = join(import.meta.dirname, '../contrib/postfix/nashra-bounces');

/** The pipe script run by hand, as Postfix would: its exit status and what it said. */
function pipeScript(
  message: string | Buffer,
  env: { NASHRA_URL: string; WEBHOOK_SECRET: string },
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', [SCRIPT, '/nonexistent/bounces.env'], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
    child.stdin.end(message);
  });
}

describe('bounces through a real Postfix and the nashra-bounces pipe', () => {
  let t: TestApp;
  let postfix: TestPostfix;

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_SECRET: SECRET,
      BOUNCE_ADDRESS: `newsletter@${BOUNCE_DOMAIN}`,
    });
    postfix = new TestPostfix({ nashraUrl: t.url, webhookSecret: SECRET });
    await postfix.start();
  });
  afterAll(async () => {
    await postfix?.stop();
    await t?.close();
  });

  it("reads Postfix's own DSNs for ten readers, and keeps one in the queue while Nashra is down", async () => {
    const readers = await seedSubscribers(t, 11, { domain: READERS_DOMAIN });
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent(t, id, 30_000);
    // Each message goes on to Postfix as Nashra sent it, from its own VERP envelope sender.
    const resubmit = async (email: string) => {
      const sent = t.smtp.to(email).at(-1)!;
      expect(sent.mailFrom).toMatch(/^newsletter\+b\.c\d+\.s\d+\.[0-9a-f]{12}@news\.test$/);
      await postfix.submit(sent.raw, { from: sent.mailFrom, to: email });
      return sent.mailFrom;
    };
    const suppressions = t.app.get(SuppressionService);
    const suppressed = async (emails: string[]) => {
      const blocked = await Promise.all(
        emails.map((email) => suppressions.blocksEverything(email)),
      );
      return blocked.filter(Boolean).length;
    };
    const hardBounced = async () =>
      (await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200)).body
        .hardBounced as number;
    const ten = readers.slice(0, 10).map((reader) => reader.email);
    const last = readers[10].email;

    for (const email of ten) await resubmit(email);
    await postfix.drained();
    // Postfix bounced each (5.1.1), wrote a DSN to its VERP address and piped it to Nashra: 2xx.
    const log = postfix.log();
    expect(log.match(/to=<reader-\d+@readers\.test>.*dsn=5\.1\.1, status=bounced/g)).toHaveLength(
      10,
    );
    expect(log.match(/relay=nashra, .*status=sent/g)).toHaveLength(10);
    expect(await suppressed(ten)).toBe(10);
    expect(await suppressions.blocksEverything(last)).toBe(false);
    expect(await hardBounced()).toBe(10);

    // Nashra stops listening: the eleventh DSN is deferred (curl exit 7 → 75), not lost.
    const server = t.app.getHttpServer() as Server;
    const port = Number(new URL(t.url).port);
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    const verp = await resubmit(last);
    const [waiting] = await waitFor('the DSN to be deferred', async () => {
      const queue = await postfix.queue();
      return queue.some((entry) => entry.queue_name === 'deferred') && queue;
    });
    expect(waiting).toMatchObject({
      queue_name: 'deferred',
      sender: 'MAILER-DAEMON',
      recipients: [
        {
          address: verp,
          delay_reason: expect.stringMatching(/could not reach .* \(curl exit 7\); will retry/),
        },
      ],
    });
    expect(postfix.log()).toMatch(
      new RegExp(`${waiting.queue_id}: to=<[^>]+>, relay=nashra, .*status=deferred`),
    );
    expect(postfix.log()).not.toMatch(new RegExp(`${waiting.queue_id}: .*status=bounced`));
    expect(await suppressions.blocksEverything(last)).toBe(false);

    // Back up: the next try, flushed at once, delivers it.
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await postfix.flush();
    await postfix.drained();
    expect(postfix.log()).toMatch(
      new RegExp(`${waiting.queue_id}: to=<[^>]+>, relay=nashra, .*status=sent`),
    );
    expect(await suppressions.blocksEverything(last)).toBe(true);
    expect(await hardBounced()).toBe(11);
  });

  it('exits 0 for what Nashra took or can never read, 75 for everything else', async () => {
    const env = { NASHRA_URL: t.url, WEBHOOK_SECRET: SECRET };
    const report = 'From: someone@elsewhere.test\r\nSubject: hello\r\n\r\nno report here\r\n';
    expect(await pipeScript(report, env)).toEqual({ status: 0, stderr: '' }); // 422: no report in it
    const huge = Buffer.alloc(1_100_000, 'a');
    expect(await pipeScript(huge, env)).toEqual({ status: 0, stderr: '' }); // 413: past 1 MB
    expect(await pipeScript(report, { ...env, WEBHOOK_SECRET: 'wrong-secret-0123456789' })).toEqual(
      {
        status: 75,
        stderr: expect.stringMatching(/answered 401; will retry/),
      },
    );
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(await pipeScript(report, { ...env, NASHRA_URL: closed })).toEqual({
      status: 75,
      stderr: expect.stringMatching(/curl exit 7/),
    });
    expect(await pipeScript(report, { ...env, NASHRA_URL: `${t.url}/nowhere` })).toMatchObject({
      status: 75,
    });
  });
});
