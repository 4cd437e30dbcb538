import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, type ClientRequest, get } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { TokenService } from '../src/tokens/token.service.js';
import { DatabaseClient } from './seed.js';
import {
  type BenchDatabase,
  createDatabase,
  dropRedisKeys,
  freePort,
  serviceEnv,
  processStats,
  ROOT,
  Sink,
  REDIS_URL,
  sleep,
  startService,
  stop,
  waitForHttp,
} from './stack.js';

/**
 * `npm run bench:api`: signups (POST /api/subscriptions, distinct addresses) against the API
 * process on PostgreSQL, with a worker sending the confirmations; then a check that every
 * accepted signup got exactly one confirmation email at the sink. Then tracked article links
 * (GET /r/:token, TRACK_CLICKS=true): the redirect's latency, the Redis commands per click, and
 * that every answered click reached the database.
 */
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    clickSeconds: { type: 'string', default: '10' },
    /**
     * Clicks a second offered in the fixed-rate run: about a third of what one API process answers
     * flat out on the 2-core bench machine, and far above any real newsletter's peak (a million
     * readers, a tenth of them clicking within the first hour, is under 30 a second).
     */
    clickRate: { type: 'string', default: '500' },
    db: { type: 'string', default: 'postgres' },
    out: { type: 'string', default: join(ROOT, 'bench', 'api-results.json') },
    /** Writes the API's and the worker's CPU profiles (node --cpu-prof) to bench/profiles. */
    profile: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const database = await createDatabase(args.db === 'sqlite' ? 'sqlite' : 'postgres');
  const sink = await new Sink(true).start();
  const env = {
    ...serviceEnv(database, sink, await freePort()),
    // Every request comes from 127.0.0.1: the per-address limit would stop the run at 20.
    SIGNUP_LIMIT_PER_IP: '100000000',
    TRACK_CLICKS: 'true',
    ADMIN_TOKEN: randomBytes(16).toString('hex'),
  };
  const profiling = args.profile
    ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, 'bench', 'profiles')]
    : [];
  const api = startService({ ...env, ROLE: 'api' }, profiling);
  // The worker waits for the api process to apply the migrations.
  const worker = startService({ ...env, ROLE: 'worker' }, profiling);
  try {
    await waitForHttp(`${env.PUBLIC_URL}/subscribe`);
    await sleep(1000);
    const run = randomBytes(3).toString('hex');
    let sent = 0;
    console.warn(`· ${args.seconds} s of signups over ${args.connections} connections`);
    const result = await autocannon({
      url: env.PUBLIC_URL,
      connections: Number(args.connections),
      duration: Number(args.seconds),
      requests: [
        {
          method: 'POST',
          path: '/api/subscriptions',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ email: `reader-${run}-${sent++}@bench.example`, name: 'قارئ' }),
          }),
        },
      ],
    });
    const refused = result.non2xx + result.errors + result.timeouts;
    // Requests still in flight when the run ended were answered too: the database says who signed up.
    const db = await DatabaseClient.open(database);
    const signedUp = new Set(
      (
        await db.rows<{ email: string }>(
          `SELECT email FROM subscribers WHERE email LIKE 'reader-${run}-%'`,
        )
      ).map((row) => row.email),
    );
    await db.close();
    const accepted = signedUp.size;
    console.warn(`· waiting for ${accepted.toLocaleString('en')} confirmation emails`);
    const deadline = Date.now() + 300_000;
    while (sink.count < accepted && Date.now() < deadline) await sleep(250);
    await sleep(2000); // anything beyond one each would arrive now
    const exactlyOneEach =
      sink.recipients.size === accepted &&
      [...sink.recipients].every(([address, count]) => count === 1 && signedUp.has(address));
    const clicks = await clickRun(env, database, api.pid!);
    const results = {
      database: database.kind,
      seconds: Number(args.seconds),
      connections: Number(args.connections),
      requestsPerSec: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      answered202: result['2xx'],
      accepted,
      refused,
      confirmations: {
        emails: sink.count,
        addresses: sink.recipients.size,
        exactlyOneEach,
      },
      clicks,
      apiPeakRssMb: processStats(api.pid!).peakRssMb,
      at: new Date().toISOString(),
    };
    mkdirSync(join(args.out, '..'), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
    console.warn(
      `\n| figure | value |\n| --- | --- |\n| signups/second | ${results.requestsPerSec} |\n| latency p50 / p99 | ${results.latencyMs.p50} ms / ${results.latencyMs.p99} ms |\n| accepted / refused | ${accepted} / ${refused} |\n| confirmation emails | ${sink.count} to ${sink.recipients.size} addresses, exactly one each: ${results.confirmations.exactlyOneEach ? 'yes' : 'NO'} |\n| clicks/second (GET /r/:token) | ${clicks.requestsPerSec} |\n| click latency p50 / p99, ${args.connections} connections flat out | ${clicks.latencyMs.p50} ms / ${clicks.latencyMs.p99} ms |\n| click latency p50 / p99 / max, ${clicks.atFixedRate.offeredPerSec}/s offered over ${args.connections} connections | ${clicks.atFixedRate.latencyMs.p50} ms / ${clicks.atFixedRate.latencyMs.p99} ms / ${clicks.atFixedRate.latencyMs.max} ms (${clicks.atFixedRate.answeredPerSec}/s answered) |\n| click latency p50 / p99 / max, one connection | ${clicks.oneConnection.latencyMs.p50} ms / ${clicks.oneConnection.latencyMs.p99} ms / ${clicks.oneConnection.latencyMs.max} ms (${clicks.oneConnection.answeredPerSec}/s) |\n| API CPU per click at ${clicks.atFixedRate.offeredPerSec}/s | ${clicks.atFixedRate.apiCpuMsPerClick} ms |\n| Redis commands per click | ${clicks.redisCommandsPerClick} |\n| clicks answered / in the database | ${clicks.answered302} / ${clicks.counted} |`,
    );
    console.warn(`\nwritten to ${args.out}`);
    const clicksLost = !clicks.countedAsAnswered || clicks.refused > 0;
    if (!results.confirmations.exactlyOneEach || refused > 0 || clicksLost) process.exitCode = 1;
  } finally {
    await stop(worker);
    await stop(api);
    await dropRedisKeys(env.QUEUE_PREFIX);
    await sink.stop();
    await database.drop();
  }
}

/**
 * A campaign of one article, then many requests to its tracked link. Redis's own command count
 * before and after gives the cost per click (the worker's few background commands included, so
 * a little over the true figure); the flushed table must hold every click answered (and at most
 * the few still in flight when a run stopped).
 */
async function clickRun(env: Record<string, string>, database: BenchDatabase, apiPid: number) {
  const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${env.PUBLIC_URL}${path}`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as { id: string };
  };
  const article = await post('/api/admin/articles', {
    url: 'https://news.example/bench',
    title: 'مقال القياس',
  });
  // The list every database starts with (the initial migration's).
  const campaign = await post('/api/admin/campaigns', {
    list: 'daily',
    subject: 'قياس النقرات',
    articleIds: [article.id],
  });
  const token = new TokenService({ APP_SECRET: env.APP_SECRET }).signMark('click', {
    campaignId: Number(campaign.id),
    articleId: Number(article.id),
  });
  const redis = new Redis(REDIS_URL);
  const commands = async () =>
    Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
  console.warn(`· ${args.clickSeconds} s of clicks over ${args.connections} connections, flat out`);
  const before = await commands();
  const result = await autocannon({
    url: `${env.PUBLIC_URL}/r/${token}`,
    connections: Number(args.connections),
    duration: Number(args.clickSeconds),
  });
  const redisCommands = (await commands()) - before;
  // Flat out, the latency is mostly waiting in line behind the others. At a rate the process keeps
  // up with, or one reader at a time, it is the redirect's own time.
  const rate = Number(args.clickRate);
  console.warn(
    `· ${args.clickSeconds} s of clicks at ${rate}/s over ${args.connections} connections`,
  );
  const cpuBefore = processStats(apiPid).cpuSeconds;
  const paced = await timedClicks(`${env.PUBLIC_URL}/r/${token}`, {
    connections: Number(args.connections),
    rate,
  });
  // CPU is what a leaner route saves whatever else the machine runs (latency is not).
  const apiCpuMsPerClick = round2(
    ((processStats(apiPid).cpuSeconds - cpuBefore) * 1000) / (paced.answered302 + paced.refused),
  );
  console.warn(`· ${args.clickSeconds} s of clicks over one connection, one after another`);
  const steady = await timedClicks(`${env.PUBLIC_URL}/r/${token}`, { connections: 1 });
  const answered = result['3xx'] + paced.answered302 + steady.answered302;
  await sleep(7000); // the flusher runs every 5 s
  const db = await DatabaseClient.open(database);
  const [row] = await db.rows<{ clicks: string | number | null }>(
    `SELECT SUM(clicks) AS clicks FROM campaign_clicks WHERE campaign_id = ${Number(campaign.id)}`,
  );
  await db.close();
  redis.disconnect();
  const counted = Number(row?.clicks ?? 0);
  // A run ends with up to one request per connection unanswered, though counted; the timed runs
  // wait for every answer.
  const inFlight = Number(args.connections);
  const refused =
    result.non2xx -
    result['3xx'] +
    result.errors +
    result.timeouts +
    paced.refused +
    steady.refused;
  return {
    requestsPerSec: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    atFixedRate: {
      offeredPerSec: rate,
      answeredPerSec: paced.answeredPerSec,
      connections: Number(args.connections),
      latencyMs: paced.latencyMs,
      apiCpuMsPerClick,
    },
    oneConnection: { answeredPerSec: steady.answeredPerSec, latencyMs: steady.latencyMs },
    answered302: answered,
    refused,
    counted,
    countedAsAnswered: counted >= answered && counted <= answered + inFlight,
    redisCommandsPerClick: result['3xx']
      ? Math.round((redisCommands / result['3xx']) * 100) / 100
      : 0,
  };
}

/**
 * GETs to `url` for --clickSeconds, each timed to a hundredth of a millisecond. With `rate`, open
 * loop: requests leave on a fixed schedule whether or not earlier ones were answered, and a
 * request waiting for a free connection waits on the clock (autocannon's overallRate sends each
 * connection's share of a second back to back, a burst at full speed, and so measures queueing
 * again). Without, one request after another on one connection.
 */
async function timedClicks(
  url: string,
  { connections, rate }: { connections: number; rate?: number },
) {
  // First in, first out: every connection stays in use, none sits idle until the server's
  // keep-alive timeout closes it under a request about to be sent.
  const agent = new Agent({ keepAlive: true, maxSockets: connections, scheduling: 'fifo' });
  const latencies: number[] = [];
  let answered302 = 0;
  let refused = 0;
  const click = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const done = (status: number) => {
        latencies.push(performance.now() - start);
        if (status === 302) answered302++;
        else refused++;
        resolve();
      };
      get(url, { agent, timeout: 10_000 }, (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? 0));
      })
        .on('timeout', function (this: ClientRequest) {
          this.destroy(new Error('no answer in 10 s'));
        })
        .on('error', () => done(0));
    });
  const seconds = Number(args.clickSeconds);
  const started = performance.now();
  const end = started + seconds * 1000;
  if (rate) {
    const pending: Promise<void>[] = [];
    // Timers fire about every millisecond: each tick sends what the schedule says is due.
    while (performance.now() < end) {
      const due = Math.min(
        rate * seconds,
        Math.floor(((performance.now() - started) * rate) / 1000),
      );
      while (pending.length < due) pending.push(click());
      await sleep(1);
    }
    await Promise.all(pending);
  } else {
    while (performance.now() < end) await click();
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round2(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0);
  return {
    answered302,
    refused,
    answeredPerSec: Math.round(answered302 / seconds),
    latencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) },
  };
}

const round2 = (ms: number) => Math.round(ms * 100) / 100;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
