import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DatabaseClient } from './seed.js';
import {
  createDatabase,
  dropRedisKeys,
  freePort,
  serviceEnv,
  processStats,
  ROOT,
  Sink,
  sleep,
  startService,
  stop,
  waitForHttp,
} from './stack.js';

/**
 * `npm run bench:api`: signups (POST /api/subscriptions, distinct addresses) against the API
 * process on PostgreSQL, with a worker sending the confirmations; then a check that every
 * accepted signup got exactly one confirmation email at the sink.
 */
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
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
      apiPeakRssMb: processStats(api.pid!).peakRssMb,
      at: new Date().toISOString(),
    };
    mkdirSync(join(args.out, '..'), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
    console.warn(
      `\n| figure | value |\n| --- | --- |\n| signups/second | ${results.requestsPerSec} |\n| latency p50 / p99 | ${results.latencyMs.p50} ms / ${results.latencyMs.p99} ms |\n| accepted / refused | ${accepted} / ${refused} |\n| confirmation emails | ${sink.count} to ${sink.recipients.size} addresses, exactly one each: ${results.confirmations.exactlyOneEach ? 'yes' : 'NO'} |`,
    );
    console.warn(`\nwritten to ${args.out}`);
    if (!results.confirmations.exactlyOneEach || refused > 0) process.exitCode = 1;
  } finally {
    await stop(worker);
    await stop(api);
    await dropRedisKeys(env.QUEUE_PREFIX);
    await sink.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
