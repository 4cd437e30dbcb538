import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { dkimRecordName, dkimTxtRecord } from '../src/delivery/dkim/dns-record.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const { dkimVerify } = createRequire(import.meta.url)(
  'mailauth/lib/dkim/verify',
) as typeof import('mailauth/lib/dkim/verify.js');

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Every email the service sends, read as a receiving server would: signed, and by both keys. */
describe('DKIM', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ed25519 = generateKeyPairSync('ed25519');
  const records = new Map([
    [dkimRecordName('nashra', 'news.example'), dkimTxtRecord(rsa.publicKey)],
    [dkimRecordName('nashra-ed25519', 'news.example'), dkimTxtRecord(ed25519.publicKey)],
  ]);
  /** The DNS a verifier asks, serving the two keys' TXT records. */
  const resolver = async (name: string) => {
    const record = records.get(name);
    if (!record) throw Object.assign(new Error(`no ${name}`), { code: 'ENOTFOUND' });
    return [record];
  };
  /** mailauth 4 returns the h= of a signature as `signingHeaders`, which its types leave out. */
  type Verified = Awaited<ReturnType<typeof dkimVerify>>['results'][number] & {
    signingHeaders?: { keys: string };
  };
  const verify = async (raw: Buffer) =>
    ((await dkimVerify(raw, { resolver })).results as Verified[]).map((result) => ({
      selector: result.selector,
      result: result.status.result,
      aligned: result.status.aligned,
      signed: result.signingHeaders?.keys.toLowerCase().split(': ') ?? [],
    }));

  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nashra-dkim-'));
    const ed25519File = join(dir, 'ed25519.pem');
    writeFileSync(ed25519File, pem(ed25519.privateKey));
    t = await startTestApp({
      MAIL_FROM: 'نشرة <newsletter@news.example>',
      DKIM_DOMAIN: 'news.example',
      DKIM_SELECTOR: 'nashra',
      // One key as an env file writes it (one line, \n escaped), the other as a file.
      DKIM_PRIVATE_KEY: pem(rsa.privateKey).replace(/\n/g, '\\n'),
      DKIM_ED25519_KEY: ed25519File,
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs every campaign message with both keys, over the one-click unsubscribe headers', async () => {
    const readers = await seedSubscribers(t, 3);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent(t, id, 60_000);

    const mails = readers.map((reader) => t.smtp.to(reader.email)[0]);
    for (const mail of mails) {
      expect(mail.raw.toString('latin1')).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;/);
      const results = await verify(mail.raw);
      expect(results).toEqual([
        expect.objectContaining({ selector: 'nashra', result: 'pass', aligned: 'news.example' }),
        expect.objectContaining({
          selector: 'nashra-ed25519',
          result: 'pass',
          aligned: 'news.example',
        }),
      ]);
      for (const { signed } of results) {
        expect(signed).toEqual(
          expect.arrayContaining([
            'from',
            'to',
            'subject',
            'date',
            'message-id',
            'list-id',
            'list-unsubscribe',
            'list-unsubscribe-post',
            'feedback-id',
          ]),
        );
      }
    }

    // Changed on the way, in a signed header or in the body: neither signature holds.
    const raw = mails[0].raw.toString('latin1');
    // mailauth 4 reports a body that no longer matches bh= as neutral ("body hash did not verify").
    const changes = [
      {
        changed: raw.replace(
          /^List-Unsubscribe: <[^>]+>/m,
          'List-Unsubscribe: <https://evil.example/u>',
        ),
        outcome: 'fail',
      },
      {
        changed: raw.replace(
          /^(Content-Transfer-Encoding: \S+\r\n\r\n)(.)/m,
          (_all, head: string, first: string) => `${head}${first === 'A' ? 'B' : 'A'}`,
        ),
        outcome: 'neutral',
      },
    ];
    for (const { changed, outcome } of changes) {
      expect(changed).not.toBe(raw);
      const results = await verify(Buffer.from(changed, 'latin1'));
      expect(results.map((result) => result.result)).toEqual([outcome, outcome]);
    }
  });

  it('signs the confirmation email too', async () => {
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'huda@readers.example', name: 'هدى' })
      .expect(202);
    const confirmation = await waitFor(
      'the confirmation email',
      () => t.smtp.to('huda@readers.example')[0],
    );
    expect(confirmation.parsed.subject).toContain('أكّد اشتراكك');
    expect((await verify(confirmation.raw)).map((result) => result.result)).toEqual([
      'pass',
      'pass',
    ]);
  });
});
