import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The benchmark's real stack: the built service as separate processes, a database, a sink. */

export const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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

export interface BenchDatabase {
  url: string;
  kind: 'postgres' | 'sqlite';
  drop(): Promise<void>;
}

/** A database of the run's own, dropped at the end. */
export async function createDatabase(kind: 'postgres' | 'sqlite'): Promise<BenchDatabase> {
  const name = `nashra_bench_${randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const file = join(tmpdir(), `${name}.sqlite`);
    return {
      url: `sqlite:${file}`,
      kind,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind,
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** What every process of a run shares: its database, Redis prefix, sink and address. */
export function serviceEnv(database: BenchDatabase, sink: Sink, port: number) {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: REDIS_URL,
    QUEUE_PREFIX: `nashra-bench-${randomBytes(4).toString('hex')}`,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    APP_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
}

/** Removes the run's keys from Redis. */
export async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

/**
 * The node options a worker runs with in production: those of `npm run start:worker`
 * (package.json), so the bench measures the worker as it is deployed.
 */
export function productionWorkerNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts['start:worker'].split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js'));
}

/**
 * One process of the built service (`dist/main.js`) with the run's environment. It logs as in
 * production (a JSON line per request), so the figures include what logging costs.
 */
export function startService(env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak resident set (VmHWM, kept by the kernel) and CPU seconds used so far, from /proc. */
export function processStats(pid: number): { peakRssMb: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { peakRssMb: Math.round((hwm / 1024) * 10) / 10, cpuSeconds: ticks / clockTicks() };
}

let ticksPerSecond = 0;
export function clockTicks(): number {
  ticksPerSecond ||= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticksPerSecond;
}

/**
 * An SMTP server on loopback that accepts and discards: Postfix's smtp-sink when it is installed
 * (`apt-get install postfix`), else an smtp-server sink of our own in its own process. Both print
 * "mesg=N" as each message is accepted, which is how the run knows when the last one arrived.
 */
export class Sink {
  private child?: ChildProcess;
  private listeners: ((count: number) => void)[] = [];
  count = 0;
  lastAt = 0;
  port = 0;
  kind: 'smtp-sink' | 'smtp-server' = 'smtp-sink';
  /** Messages per recipient address; kept only by a sink started with `recordRecipients`. */
  readonly recipients = new Map<string, number>();

  constructor(private readonly recordRecipients = false) {}

  async start(): Promise<this> {
    this.port = await freePort();
    const native = this.recordRecipients
      ? undefined
      : ['/usr/sbin/smtp-sink', '/usr/bin/smtp-sink'].find((path) => existsSync(path));
    this.kind = native ? 'smtp-sink' : 'smtp-server';
    this.child = native
      ? spawn(native, ['-c', '-u', 'nobody', '-m', '1000', `127.0.0.1:${this.port}`, '1000'], {
          stdio: ['ignore', 'pipe', 'inherit'],
        })
      : spawn(
          process.execPath,
          [
            join(import.meta.dirname, 'sink.js'),
            String(this.port),
            this.recordRecipients ? 'recipients' : '',
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const updates = pending.split(/[\r\n]/);
      pending = updates.pop() ?? '';
      for (const line of updates) {
        const address = /^rcpt=(.+)$/.exec(line)?.[1];
        if (address) this.recipients.set(address, (this.recipients.get(address) ?? 0) + 1);
      }
      const last = updates.reverse().find((line) => /mesg=\d+/.test(line));
      if (!last) return;
      const count = Number(/mesg=(\d+)/.exec(last)![1]);
      if (count !== this.count) {
        this.count = count;
        this.lastAt = performance.now();
        for (const listener of this.listeners) listener(count);
      }
    });
    await waitForPort(this.port);
    return this;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  /** Resolves at the moment the sink has accepted `count` messages in all. */
  reached(count: number): Promise<number> {
    if (this.count >= count) return Promise.resolve(this.lastAt);
    return new Promise((resolve) => {
      const listener = (now: number) => {
        if (now < count) return;
        this.listeners = this.listeners.filter((entry) => entry !== listener);
        resolve(this.lastAt);
      };
      this.listeners.push(listener);
    });
  }

  async stop(): Promise<void> {
    if (this.child) await stop(this.child, 'SIGKILL');
  }
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port}`);
}
