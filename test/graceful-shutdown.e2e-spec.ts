import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from './helpers/test-app.js';
import { SmtpSink } from './helpers/smtp-sink.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { waitFor } from './helpers/wait-for.js';

const MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');

/** The built service as a real process (npm test builds it first), so a real SIGTERM reaches it. */
describe('SIGTERM during a send', () => {
  let database: TestDatabase;
  let smtp: SmtpSink;
  let dataDir: string;
  let port: number;
  const env = () => ({
    ...process.env,
    NODE_ENV: 'test',
    ROLE: 'all',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    QUEUE_PREFIX: `nashra-test-${randomBytes(4).toString('hex')}`,
    SMTP_URL: smtp.url,
    APP_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await new SmtpSink().start();
    dataDir = mkdtempSync(join(tmpdir(), 'nashra-sigterm-'));
    port = await freePort();
  });
  afterAll(async () => {
    await smtp.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the email it is sending, exits 0, and sends it exactly once', async () => {
    const settings = env();
    let releaseData!: () => void;
    let dataStarted = false;
    smtp.onDataStart = () => {
      dataStarted = true;
      return new Promise<void>((resolve) => (releaseData = resolve));
    };
    const first = startService(settings);
    await listening(port);

    await request(`http://127.0.0.1:${port}`)
      .post('/api/subscriptions')
      .send({ email: 'reader@example.com' })
      .expect(202);
    await waitFor('the SMTP DATA to start', () => dataStarted);

    first.kill('SIGTERM');
    // While draining, HTTP no longer accepts new connections.
    await waitFor('HTTP to stop accepting', () =>
      request(`http://127.0.0.1:${port}`)
        .get('/health')
        .then(
          () => false,
          () => true,
        ),
    );
    expect(first.exitCode).toBeNull(); // still finishing the send
    setTimeout(() => releaseData(), 500);
    const code = await exited(first);
    expect(code).toBe(0);
    expect(smtp.to('reader@example.com')).toHaveLength(1);

    // Started again, it finds nothing left to send.
    smtp.onDataStart = async () => {};
    const second = startService({ ...settings, LOG_LEVEL: 'log' });
    await listening(port);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(smtp.to('reader@example.com')).toHaveLength(1);
    // The log's last line says the service stopped, not only that it began to drain.
    const lines = second.output.trim().split('\n');
    expect(lines.at(-1)).toMatch(/stopped \(SIGTERM\): running jobs finished, connections closed/);
  });
});

function listening(port: number): Promise<boolean> {
  const healthy = () =>
    request(`http://127.0.0.1:${port}`)
      .get('/health')
      .then(
        (response) => response.status === 200,
        () => false,
      );
  return waitFor('the service to answer /health', healthy, 30_000);
}

/** The service as `npm start` runs it; what it prints is kept for the asserts. */
function startService(env: NodeJS.ProcessEnv): ChildProcess & { output: string } {
  const child = Object.assign(
    spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'inherit'] }),
    { output: '' },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    child.output += chunk.toString();
  });
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
