import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import request from 'supertest';
import { ApiToken } from '../src/auth/entities/api-token.entity.js';
import { loadConfig } from '../src/config/config.js';
import { DkimSigner } from '../src/delivery/dkim/dkim-signer.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { auth, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const { dkimVerify } = createRequire(import.meta.url)(
  'mailauth/lib/dkim/verify',
) as typeof import('mailauth/lib/dkim/verify.js');

/** The built CLI as the operator runs it, on the test app's database, Redis and SMTP server. */
function cli(t: TestApp, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: t.config.DATABASE_URL,
          REDIS_URL: t.config.REDIS_URL,
          QUEUE_PREFIX: t.config.QUEUE_PREFIX,
          SMTP_URL: t.config.SMTP_URL!,
          APP_SECRET: t.config.APP_SECRET,
          PUBLIC_URL: t.config.PUBLIC_URL,
        },
      },
      (error, out, err) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: String(out), err: String(err) }),
    );
  });
}

describe('the CLI', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp({}, { headersOnly: true });
    dir = mkdtempSync(join(tmpdir(), 'nashra-cli-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes an editor token that opens the admin API, stores only its hash, and revokes it', async () => {
    const made = await cli(t, 'tokens:create', 'محررة الصباح');
    expect(made.code).toBe(0);
    const token = /^(nsh_\S+)$/m.exec(made.out)![1];
    await request(t.url)
      .get('/api/admin/lists')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const [stored] = await t.db.getRepository(ApiToken).find();
    expect(stored.name).toBe('محررة الصباح');
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));
    if (t.config.database.type === 'sqlite') {
      expect(readFileSync(t.config.database.path, 'latin1')).not.toContain(token);
    }

    const listed = await cli(t, 'tokens:list');
    expect(listed.out).toMatch(new RegExp(`^${stored.id}\\tlive\\t.*محررة الصباح$`, 'm'));
    expect(listed.out).not.toContain(token);
    expect((await cli(t, 'tokens:revoke', String(stored.id))).code).toBe(0);
    await request(t.url)
      .get('/api/admin/lists')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(await cli(t, 'tokens:revoke', String(stored.id))).toMatchObject({ code: 1 });
  });

  it('imports a CSV into a list and reports the rows it refused', async () => {
    const file = join(dir, 'readers.csv');
    writeFileSync(
      file,
      'email,name\nhuda@readers.example,هدى\nnot-an-address,خطأ\nhuda@readers.example,مكرر\nali@readers.example,علي\n',
    );
    const result = await cli(t, 'import', file, '--list', 'daily', '--confirmed');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Imported 2, skipped 1');
    expect(result.out).toMatch(/row 3: not-an-address — /);
    const huda = await t.db.getRepository(Subscriber).findOneByOrFail({
      email: 'huda@readers.example',
    });
    expect(huda).toMatchObject({ name: 'هدى', status: 'confirmed' });

    expect(await cli(t, 'import', file, '--list', 'nope')).toMatchObject({ code: 1 });
    expect(await cli(t, 'import', join(dir, 'missing.csv'), '--list', 'daily')).toMatchObject({
      code: 1,
      err: expect.stringContaining('cannot read'),
    });
  });

  it('sends a test copy, and follows a campaign to the end with a progress bar', async () => {
    await seedSubscribers(t, 300);
    const id = await draftCampaign(t);
    const test = await cli(t, 'test', id, 'editor@news.example');
    expect(test.code).toBe(0);
    expect(t.smtp.to('editor@news.example')).toHaveLength(1);
    expect(t.smtp.to('editor@news.example')[0].parsed.subject).toBe('[تجربة] نشرة الصباح');

    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    const followed = await cli(t, 'progress', id);
    expect(followed.code).toBe(0);
    const lines = followed.out.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^\[█{30}\] 100% {2}302\/302 sent · 0 failed · 0 pending · .* · sent$/,
    );
  }, 60_000);

  it('makes DKIM keys whose printed DNS records and environment sign and verify', async () => {
    const made = await cli(t, 'dkim:keygen', 'news.example', 'nashra', '--ed25519');
    expect(made.code).toBe(0);
    expect(made.out.match(/^-----BEGIN PRIVATE KEY-----$/gm)).toHaveLength(2);
    const records = new Map(
      [...made.out.matchAll(/^(\S+)\. IN TXT \( (.+) \)$/gm)].map(([, name, strings]) => [
        name,
        [...strings.matchAll(/"([^"]*)"/g)].map(([, part]) => part),
      ]),
    );
    expect([...records.keys()]).toEqual([
      'nashra._domainkey.news.example',
      'nashra-ed25519._domainkey.news.example',
    ]);
    const [rsaRecord, ed25519Record] = [...records.values()];
    expect(rsaRecord.length).toBeGreaterThan(1);
    for (const part of [...rsaRecord, ...ed25519Record])
      expect(part.length).toBeLessThanOrEqual(255);
    expect(rsaRecord.join('')).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+$/);
    expect(ed25519Record.join('')).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/=]+$/);

    // The printed environment, as an env file would give it, is what the service runs on.
    const env = Object.fromEntries(
      [...made.out.matchAll(/^(DKIM_\w+)=(.*)$/gm)].map(([, name, value]) => [name, value]),
    );
    expect(Object.keys(env)).toEqual([
      'DKIM_DOMAIN',
      'DKIM_SELECTOR',
      'DKIM_PRIVATE_KEY',
      'DKIM_ED25519_SELECTOR',
      'DKIM_ED25519_KEY',
    ]);
    const config = loadConfig({ DATA_DIR: dir, ...env });
    const signed = await new DkimSigner(config.dkim!).sign(
      Buffer.from('From: <news@news.example>\r\nSubject: hi\r\n\r\nbody\r\n'),
    );
    const { results } = await dkimVerify(signed, {
      resolver: async (name: string) => [records.get(name)!],
    });
    expect(results.map((result) => result.status.result)).toEqual(['pass', 'pass']);
  });

  it('answers a wrong command with the usage and exit code 2', async () => {
    for (const args of [['bogus'], ['test'], ['import', 'x.csv']]) {
      const result = await cli(t, ...args);
      expect([args, result.code]).toEqual([args, 2]);
      expect(result.err).toContain('Usage: npm run cli -- <command>');
    }
    expect(await cli(t, 'progress', '999')).toMatchObject({
      code: 1,
      err: expect.stringContaining('No campaign with id 999'),
    });
    // Four CLI processes, each starting Node and Nest: on a loaded machine that is a minute.
  }, 180_000);
});
