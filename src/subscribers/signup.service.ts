import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { ClientInfo } from '../common/client-info.js';
import { normalizeEmail } from '../common/email-address.js';
import { emailHash } from '../common/email-hash.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { invalidFields } from '../common/zod-body.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import type { SignupBody } from './dto/signup.dto.js';
import { Consent } from './entities/consent.entity.js';
import { Subscriber } from './entities/subscriber.entity.js';
import { ListsService } from './lists.service.js';

/**
 * The public signup. Whatever the state of the address (new, pending, confirmed, unsubscribed,
 * suppressed) it does the same work: one upsert, one consent row, one job. What the address
 * should receive is decided later by the worker, so neither the answer nor its timing tells.
 */
@Injectable()
export class SignupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lists: ListsService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async request(body: SignupBody, client: ClientInfo, defaultSource: string): Promise<void> {
    const window = this.config.SIGNUP_LIMIT_WINDOW_SECONDS;
    await this.rateLimiter.hit(`signup-ip:${client.ip}`, this.config.SIGNUP_LIMIT_PER_IP, window);
    const checked = normalizeEmail(body.email);
    if (!checked.ok) throw invalidFields({ email: checked.reason });
    const lists = await this.lists.resolveForSignup(body.lists);
    if (body.website) return; // the honeypot: answer as usual, do nothing
    await this.rateLimiter.hit(
      `signup-email:${emailHash(checked.email)}`,
      this.config.SIGNUP_LIMIT_PER_EMAIL,
      window,
    );

    const now = new Date();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(Subscriber)
      .values({ email: checked.email, name: body.name ?? '', status: 'pending', createdAt: now })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const subscriber = await this.dataSource
      .getRepository(Subscriber)
      .findOneByOrFail({ email: checked.email });
    const consent = await this.dataSource.getRepository(Consent).save({
      subscriberId: subscriber.id,
      listIds: JSON.stringify(lists.map((list) => list.id)),
      ip: client.ip,
      userAgent: client.userAgent,
      source: body.source || defaultSource,
      requestedAt: now,
      confirmedAt: null,
    });
    await enqueue(
      this.transactional,
      JOBS.signupRequested,
      { consentId: consent.id },
      { jobId: `signup-${consent.id}` },
    );
  }
}
