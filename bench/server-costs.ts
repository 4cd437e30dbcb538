import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { DatabaseClient } from './seed.js';
import { clockTicks } from './stack.js';

/** What the database and Redis servers had spent at one moment; two of them make a cost. */
export interface ServerCosts {
  /** PostgreSQL's own count of time spent executing statements in the run's database. */
  pgActiveMs: number;
  /** CPU seconds of every PostgreSQL process on the machine (the bench is the only user). */
  pgCpuSeconds: number;
  /** Redis's CPU seconds (INFO cpu: used_cpu_user + used_cpu_sys). */
  redisCpuSeconds: number;
}

export async function serverCosts(
  db: DatabaseClient,
  database: string,
  redis: Redis,
): Promise<ServerCosts> {
  const [stats] = db.isPostgres
    ? await db.rows<{ active_time: number }>(
        `SELECT active_time FROM pg_stat_database WHERE datname = '${database}'`,
      )
    : [{ active_time: 0 }];
  const cpu = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
  return {
    pgActiveMs: Number(stats?.active_time ?? 0),
    pgCpuSeconds: db.isPostgres ? postgresCpuSeconds() : 0,
    redisCpuSeconds: field('used_cpu_user') + field('used_cpu_sys'),
  };
}

/**
 * The CPU of every process named postgres, from /proc, with what their ended children used
 * (a backend that closed counts in the postmaster's cutime/cstime).
 */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / clockTicks();
}
