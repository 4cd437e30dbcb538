import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/app.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';
import { devInboxFolder } from '../../src/dev-inbox/dev-inbox-folder.js';
import { QUEUES } from '../../src/queues/queue-names.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { SmtpSink } from './smtp-sink.js';
import { waitFor } from './wait-for.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: INestApplication;
  url: string;
  config: AppConfig;
  smtp: SmtpSink;
  db: DataSource;
  /** Resolves once the transactional queue has nothing waiting, delayed or running. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole service (ROLE=all) on a free loopback port, with its own database, its own queue
 * prefix in the real Redis, and a real SMTP server that keeps what it receives.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { headersOnly?: boolean } = {},
): Promise<TestApp> {
  const port = await freePort();
  const database: TestDatabase = await createTestDatabase();
  const smtp = await new SmtpSink(options).start();
  const prefix = `nashra-test-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    SMTP_URL: smtp.url,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_TOKEN,
    LOG_LEVEL: 'error',
    ...env,
  });
  const app = await createHttpApp(config);
  await app.listen(port, '127.0.0.1');
  const queue = app.get<Queue>(getQueueToken(QUEUES.transactional));
  return {
    app,
    url: config.PUBLIC_URL,
    config,
    smtp,
    db: app.get(DataSource),
    settled: async () => {
      await waitFor('the transactional queue to settle', async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((count) => count === 0);
      });
    },
    close: async () => {
      await app.close();
      await smtp.stop();
      await database.drop();
      // The dev inbox files its mail beside the database (devInboxFolder): it goes with it.
      const inbox = config.devInbox ? devInboxFolder(config) : null;
      if (inbox) rmSync(inbox, { recursive: true, force: true });
      await deleteKeys(config.REDIS_URL, prefix);
    },
  };
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
