import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestApp } from './test-app.js';

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'main.js');

/** A real worker process (the built service with ROLE=worker) sharing the test app's database, Redis prefix and SMTP server. */
export function startWorker(t: TestApp, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      ROLE: 'worker',
      DATABASE_URL: t.config.DATABASE_URL,
      REDIS_URL: t.config.REDIS_URL,
      QUEUE_PREFIX: t.config.QUEUE_PREFIX,
      SMTP_URL: t.config.SMTP_URL!,
      APP_SECRET: t.config.APP_SECRET,
      PUBLIC_URL: t.config.PUBLIC_URL,
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export function stopWorker(
  worker: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (worker.exitCode !== null || worker.signalCode !== null)
    return Promise.resolve(worker.exitCode);
  const exited = new Promise<number | null>((resolve) =>
    worker.once('exit', (code) => resolve(code)),
  );
  worker.kill(signal);
  return exited;
}
