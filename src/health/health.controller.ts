import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Queue } from 'bullmq';
import { QUEUES } from '../queues/queue-names.js';
import { type Mailer, MAILER } from '../delivery/mailer.js';
import { relayStates } from '../delivery/relays/relay-mailer.js';
import { checkRedis } from '../redis/redis-health.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { DatabaseHealth } from './database-health.js';

type Check = { ok: true } | { ok: false; error: string };
type RelayCheck = { label: string; status: 'up' | 'down'; downUntil?: string };
type SmtpCheck = Check & { relays?: RelayCheck[] };

const SMTP_CHECK_TTL_MS = 30_000;
const STUCK_MS = 5 * 60_000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  private smtp: { at: number; result: Check } | null = null;

  constructor(
    private readonly database: DatabaseHealth,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(MAILER) private readonly mailer: Mailer,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    @InjectQueue(QUEUES.campaigns) private readonly campaigns: Queue,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness: database, Redis, SMTP and workers processing; 503 when one is not',
  })
  async health(@Res() response: Response): Promise<void> {
    const [database, redis, smtp, workers] = await Promise.all([
      check(() => this.database.ping()),
      check(() => checkRedis(this.redis)),
      this.smtpCheck(),
      check(() => this.workersProcessing()),
    ]);
    const ok = database.ok && redis.ok && smtp.ok && workers.ok;
    response
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ok' : 'error', database, redis, smtp, workers });
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness, as GET /health' })
  ready(@Res() response: Response): Promise<void> {
    return this.health(response);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it when this fails)' })
  live() {
    return { status: 'ok' };
  }

  /**
   * A worker is connected to each sending queue, and none has left a transactional job waiting
   * longer than STUCK_MS: confirmations are what signups wait for.
   */
  private async workersProcessing(): Promise<void> {
    for (const queue of [this.transactional, this.campaigns]) {
      if ((await queue.getWorkersCount()) === 0) {
        throw new Error(`no worker is connected to the ${queue.name} queue`);
      }
    }
    const [oldest] = await this.transactional.getWaiting(0, 0);
    if (oldest && Date.now() - oldest.timestamp > STUCK_MS) {
      throw new Error(
        `a transactional job has waited ${Math.round((Date.now() - oldest.timestamp) / 1000)} s`,
      );
    }
  }

  /**
   * SMTP is asked at most every 30 s: a health probe must not open a connection each time. With
   * several relays (SMTP_URLS) each shows how it stands now; SMTP is ok while one of them is up.
   */
  private async smtpCheck(): Promise<SmtpCheck> {
    const result = await this.smtpVerified();
    const states = relayStates(this.mailer);
    if (!states) return result;
    const relays = states.map(({ label, status, downUntil }) => ({
      label,
      status,
      ...(downUntil ? { downUntil: downUntil.toISOString() } : {}),
    }));
    if (result.ok && !relays.some((relay) => relay.status === 'up')) {
      return { ok: false, error: 'every SMTP relay is down', relays };
    }
    return { ...result, relays };
  }

  private async smtpVerified(): Promise<Check> {
    if (this.smtp && Date.now() - this.smtp.at < SMTP_CHECK_TTL_MS) return this.smtp.result;
    const result = await check(() => this.mailer.verify());
    this.smtp = { at: Date.now(), result };
    return result;
  }
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('timed out after 3 s')), 3000).unref(),
      ),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
