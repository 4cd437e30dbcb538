import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
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
    const clicks = await clickRun(env, database);
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
      `\n| figure | value |\n| --- | --- |\n| signups/second | ${results.requestsPerSec} |\n| latency p50 / p99 | ${results.latencyMs.p50} ms / ${results.latencyMs.p99} ms |\n| accepted / refused | ${accepted} / ${refused} |\n| confirmation emails | ${sink.count} to ${sink.recipients.size} addresses, exactly one each: ${results.confirmations.exactlyOneEach ? 'yes' : 'NO'} |\n| clicks/second (GET /r/:token) | ${clicks.requestsPerSec} |\n| click latency p50 / p99, ${args.connections} connections | ${clicks.latencyMs.p50} ms / ${clicks.latencyMs.p99} ms |\n| click latency p50 / p99, one connection | ${clicks.oneConnection.latencyMs.p50} ms / ${clicks.oneConnection.latencyMs.p99} ms |\n| Redis commands per click | ${clicks.redisCommandsPerClick} |\n| clicks answered / in the database | ${clicks.answered302} / ${clicks.counted} |`,
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
async function clickRun(env: Record<string, string>, database: BenchDatabase) {
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
  const run = (connections: number) =>
    autocannon({
      url: `${env.PUBLIC_URL}/r/${token}`,
      connections,
      duration: Number(args.clickSeconds),
    });
  console.warn(`· ${args.clickSeconds} s of clicks over ${args.connections} connections`);
  const before = await commands();
  const result = await run(Number(args.connections));
  const redisCommands = (await commands()) - before;
  // Over 10 connections the latency is mostly waiting in line behind the others; one reader at a
  // time shows the redirect's own time.
  console.warn(`· ${args.clickSeconds} s of clicks over one connection`);
  const steady = await run(1);
  const answered = result['3xx'] + steady['3xx'];
  await sleep(7000); // the flusher runs every 5 s
  const db = await DatabaseClient.open(database);
  const [row] = await db.rows<{ clicks: string | number | null }>(
    `SELECT SUM(clicks) AS clicks FROM campaign_clicks WHERE campaign_id = ${Number(campaign.id)}`,
  );
  await db.close();
  redis.disconnect();
  const counted = Number(row?.clicks ?? 0);
  // A run ends with up to one request per connection unanswered, though counted.
  const inFlight = Number(args.connections) + 1;
  const refused = [result, steady].reduce(
    (sum, r) => sum + r.non2xx - r['3xx'] + r.errors + r.timeouts,
    0,
  );
  return {
    requestsPerSec: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    oneConnection: {
      requestsPerSec: Math.round(steady.requests.average),
      latencyMs: { p50: steady.latency.p50, p99: steady.latency.p99, max: steady.latency.max },
    },
    answered302: answered,
    refused,
    counted,
    countedAsAnswered: counted >= answered && counted <= answered + inFlight,
    redisCommandsPerClick: result['3xx']
      ? Math.round((redisCommands / result['3xx']) * 100) / 100
      : 0,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
