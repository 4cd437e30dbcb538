import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MimeTemplate } from '../src/delivery/mime-template.js';
import { benchArticleRows, benchArticles } from './digest.js';
import { assertSigned, benchDkim, type DkimChoice, signerCosts } from './dkim.js';
import { sendAtTheLimit } from './limit-client.js';
import { sendNaively } from './naive.js';
import { printTable } from './report.js';
import { serverCosts } from './server-costs.js';
import { DatabaseClient, fanoutDone, seedSubscribers } from './seed.js';
import {
  createDatabase,
  processStats,
  ROOT,
  Sink,
  sleep,
  startService,
  stop,
  waitForHttp,
  freePort,
  serviceEnv,
  dropRedisKeys,
  productionWorkerNodeArgs,
  REDIS_URL,
} from './stack.js';

/**
 * `npm run bench`: one campaign to N subscribers through the real stack (API and worker
 * processes, PostgreSQL or SQLite, Redis, an SMTP sink); then the same digest again as a second
 * campaign from workers that sign with DKIM; then, against the same sink and message size, the
 * limit (a pipelined client with a prebuilt message) and a naive sender; last, the DKIM signer
 * alone on the message, in process.
 */
const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'postgres' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '4' },
    naive: { type: 'string', default: '2000' },
    'limit-messages': { type: 'string', default: '50000' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
    /** Writes each worker's CPU profile (node --cpu-prof) to bench/profiles. */
    profile: { type: 'boolean', default: false },
    /**
     * The worker processes' node options (space-separated; `--worker-node-args=…`); by default
     * those of `npm run start:worker`. `none` runs them with none, to measure what they change.
     */
    'worker-node-args': { type: 'string', default: '' },
    /** The keys of the second, signed campaign: rsa, rsa+ed25519, or off (no second campaign). */
    dkim: { type: 'string', default: 'rsa+ed25519' },
  },
});
const subscribers = Number(args.subscribers);
const workerCount = Number(args.workers);
const concurrency = Number(args.concurrency);
const connections = workerCount * concurrency;
const kind = args.db === 'sqlite' ? 'sqlite' : 'postgres';
if (!['rsa', 'rsa+ed25519', 'off'].includes(args.dkim)) {
  throw new Error(`--dkim must be rsa, rsa+ed25519 or off, not ${args.dkim}`);
}
const dkimChoice = args.dkim === 'off' ? null : (args.dkim as DkimChoice);
const workerNodeArgs =
  args['worker-node-args'] === 'none'
    ? []
    : args['worker-node-args']
      ? args['worker-node-args'].split(' ').filter(Boolean)
      : productionWorkerNodeArgs();

interface CampaignRun {
  msgsPerSec: number;
  seconds: number;
  fanoutSeconds: number;
  workerPeakRssMb: number;
  workersPeakRssMb: number[];
  redisPeakMb: number;
  workerCpuMsPerMessage: number;
  /** What the servers spent per message and per batch of BATCH_SIZE (see server-costs.ts). */
  pgActiveMsPerBatch: number;
  pgCpuMsPerMessage: number;
  redisCpuMsPerMessage: number;
}

/** The service's default SEND_BATCH_SIZE: the bench does not change it. */
const BATCH_SIZE = 250;

async function main(): Promise<void> {
  const database = await createDatabase(kind);
  const databaseName = kind === 'postgres' ? new URL(database.url).pathname.slice(1) : '';
  const sink = await new Sink().start();
  const adminToken = randomBytes(24).toString('hex');
  const env = {
    ...serviceEnv(database, sink, await freePort()),
    MAIL_FROM: 'نشرة <newsletter@bench.example>',
    ADMIN_TOKEN: adminToken,
    SEND_CONCURRENCY: String(concurrency),
    SMTP_POOL_SIZE: String(concurrency),
  };
  const api = startService({ ...env, ROLE: 'api' });
  const workers: ReturnType<typeof startService>[] = [];
  const redis = new Redis(REDIS_URL);
  const queue = new Queue('campaigns', {
    connection: { url: REDIS_URL },
    prefix: env.QUEUE_PREFIX,
  });
  const db = await DatabaseClient.open(database);
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${env.PUBLIC_URL}${path}`, {
        method,
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response;
    };
    await waitForHttp(`${env.PUBLIC_URL}/subscribe`);
    log(`seeding ${subscribers.toLocaleString('en')} subscribers (${kind})`);
    await seedSubscribers(db, subscribers);
    const articles = benchArticles();
    await call('POST', '/api/admin/articles', articles);
    const draft = async () =>
      (
        (await (
          await call('POST', '/api/admin/campaigns', {
            list: 'daily',
            subject: 'نشرة الصباح',
            sinceHours: 48,
          })
        ).json()) as { id: string }
      ).id;
    const first = await draft();
    const html = await (await call('GET', `/api/admin/campaigns/${first}/preview`)).text();
    const text = await (
      await call('GET', `/api/admin/campaigns/${first}/preview?format=text`)
    ).text();
    const message = sampleMessage(html, text);
    const dkim = dkimChoice ? benchDkim(dkimChoice) : null;
    if (dkim) await assertSigned(message, dkim);

    /** Starts the workers, sends the campaign until the sink has all of it, stops the workers. */
    const send = async (id: string, workerEnv: Record<string, string>): Promise<CampaignRun> => {
      const nodeArgs = [
        ...workerNodeArgs,
        ...(args.profile ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, 'bench', 'profiles')] : []),
      ];
      for (let index = 0; index < workerCount; index++) {
        workers.push(startService({ ...env, ...workerEnv, ROLE: 'worker' }, nodeArgs));
      }
      while ((await queue.getWorkersCount()) < workerCount) await sleep(100);
      const serversBefore = await serverCosts(db, databaseName, redis);
      const cpuBefore = workers.map((worker) => processStats(worker.pid!).cpuSeconds);
      const alreadyReceived = sink.count;
      let redisPeak = 0;
      const sampler = setInterval(() => {
        void redis.info('memory').then((info) => {
          redisPeak = Math.max(redisPeak, Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0));
        });
      }, 200);
      const started = performance.now();
      await call('POST', `/api/admin/campaigns/${id}/send`, {});
      let fanoutSeconds = 0;
      const watchFanout = (async () => {
        while (!(await fanoutDone(db, id))) await sleep(50);
        fanoutSeconds = (performance.now() - started) / 1000;
      })();
      const finished = await withTimeout(
        sink.reached(alreadyReceived + subscribers),
        Math.max(300_000, subscribers * 5),
      );
      await watchFanout;
      clearInterval(sampler);
      const seconds = (finished - started) / 1000;
      const workerStats = workers.map((worker) => processStats(worker.pid!));
      const cpuSeconds = workerStats.reduce(
        (sum, stats, index) => sum + stats.cpuSeconds - cpuBefore[index],
        0,
      );
      for (const worker of workers.splice(0)) await stop(worker);
      while ((await queue.getWorkersCount()) > 0) await sleep(100);
      // PostgreSQL publishes a backend's statistics when it goes idle, within a second.
      await sleep(1500);
      const serversAfter = await serverCosts(db, databaseName, redis);
      const perMessage = (before: number, after: number) => (after - before) / subscribers;
      return {
        msgsPerSec: round(subscribers / seconds),
        seconds: round(seconds, 2),
        fanoutSeconds: round(fanoutSeconds, 2),
        workerPeakRssMb: Math.max(...workerStats.map((stats) => stats.peakRssMb)),
        workersPeakRssMb: workerStats.map((stats) => stats.peakRssMb),
        redisPeakMb: round(redisPeak / 2 ** 20, 1),
        workerCpuMsPerMessage: round((cpuSeconds * 1000) / subscribers, 3),
        pgActiveMsPerBatch: round(
          perMessage(serversBefore.pgActiveMs, serversAfter.pgActiveMs) * BATCH_SIZE,
          2,
        ),
        pgCpuMsPerMessage: round(
          perMessage(serversBefore.pgCpuSeconds, serversAfter.pgCpuSeconds) * 1000,
          3,
        ),
        redisCpuMsPerMessage: round(
          perMessage(serversBefore.redisCpuSeconds, serversAfter.redisCpuSeconds) * 1000,
          3,
        ),
      };
    };

    log(
      `sending campaign ${first}: ${subscribers.toLocaleString('en')} messages of ${kb(message.length)}`,
    );
    const unsigned = await send(first, {});
    let signed: CampaignRun | null = null;
    if (dkim) {
      const second = await draft();
      log(`sending campaign ${second} again from workers that sign with DKIM (${dkimChoice})`);
      signed = await send(second, dkim.env);
    }
    const apiStats = processStats(api.pid!);
    await stop(api);

    log(
      `the limit: ${Number(args['limit-messages']).toLocaleString('en')} prebuilt messages over ${connections} connections`,
    );
    const limit = await sendAtTheLimit(
      sink.port,
      message,
      Number(args['limit-messages']),
      connections,
    );
    log(`naive: ${args.naive} messages, MJML render + sendMail each`);
    const naive = await sendNaively(
      sink.port,
      benchArticleRows(articles),
      Number(args.naive),
      connections,
    );

    if (dkim) log('the DKIM signer alone, in process, on the same message');
    const signer = dkim
      ? [
          await signerCosts(message),
          await signerCosts(sampleMessage(...largeDigest(html, text, 90 * 1024))),
        ]
      : null;

    const limitRate = limit.messages / limit.seconds;
    const naiveRate = naive.messages / naive.seconds;
    const results = {
      subscribers,
      database: kind,
      workers: workerCount,
      workerNodeArgs: workerNodeArgs.join(' '),
      connections,
      messageBytes: message.length,
      sink: sink.kind,
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
      },
      nashra: { ...unsigned, apiPeakRssMb: apiStats.peakRssMb },
      dkim:
        signed && signer
          ? {
              keys: dkimChoice!,
              ...signed,
              ofUnsigned: round(signed.msgsPerSec / unsigned.msgsPerSec, 3),
              workerCpuMsAdded: round(
                signed.workerCpuMsPerMessage - unsigned.workerCpuMsPerMessage,
                3,
              ),
              signerUs: signer,
            }
          : null,
      limit: {
        msgsPerSec: round(limitRate),
        messages: limit.messages,
        seconds: round(limit.seconds, 2),
      },
      naive: {
        msgsPerSec: round(naiveRate),
        messages: naive.messages,
        seconds: round(naive.seconds, 2),
      },
      ratios: {
        ofLimit: round(unsigned.msgsPerSec / limitRate, 3),
        overNaive: round(unsigned.msgsPerSec / naiveRate, 2),
      },
      at: new Date().toISOString(),
    };
    mkdirSync(join(args.out, '..'), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
    printTable(results);
    console.warn(`\nwritten to ${args.out}`);
  } finally {
    for (const worker of workers) await stop(worker, 'SIGKILL');
    await stop(api, 'SIGKILL');
    await queue.close();
    redis.disconnect();
    await dropRedisKeys(env.QUEUE_PREFIX);
    await db.close();
    await sink.stop();
    await database.drop();
  }
}

/**
 * The digest's HTML and text stretched (repeated, then cut) to make a message of about `bytes`,
 * the size of a long digest: the signer's cost grows with the body it hashes.
 */
function largeDigest(html: string, text: string, bytes: number): [string, string] {
  const scale = bytes / sampleMessage(html, text).length;
  const stretch = (part: string) =>
    part.repeat(Math.floor(scale)) + part.slice(0, Math.round(part.length * (scale % 1)));
  return [stretch(html), stretch(text)];
}

/** A message of the campaign's size and shape, built the way the workers build theirs. */
function sampleMessage(html: string, text: string): Buffer {
  const template = new MimeTemplate({
    from: 'نشرة <newsletter@bench.example>',
    subject: 'نشرة الصباح',
    headers: {
      'List-Unsubscribe': '<http://127.0.0.1/unsubscribe/[[token]]>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Nashra-Ref': 'c1.s1',
    },
    html,
    text,
  });
  return template.render({
    to: 'reader@bench.example',
    date: new Date().toUTCString(),
    message_id: 'campaign.1.1@bench.example',
    token: 'x'.repeat(60),
  });
}

/** The timer is cleared once the campaign is in: left running, it kept the run alive minutes more. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the campaign did not finish within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const log = (line: string) => console.warn(`· ${line}`);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
