import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { type Mailer, MAILER } from '../delivery/mailer.js';
import { REDIS } from '../redis/redis.module.js';

type Check = { ok: true } | { ok: false; error: string };

const SMTP_CHECK_TTL_MS = 30_000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  private smtp: { at: number; result: Check } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Database, Redis and SMTP; 503 when one is down' })
  async health(@Res() response: Response): Promise<void> {
    const [database, redis, smtp] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.redis.ping()),
      this.smtpCheck(),
    ]);
    const ok = database.ok && redis.ok && smtp.ok;
    response.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', database, redis, smtp });
  }

  /** SMTP is asked at most every 30 s: a health probe must not open a connection each time. */
  private async smtpCheck(): Promise<Check> {
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
