import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { ClientInfo } from '../common/client-info.js';
import { normalizeEmail } from '../common/email-address.js';
import { emailHash } from '../common/email-hash.js';
import { RateLimiter } from '../redis/rate-limiter.js';
import { invalidFields } from '../common/zod-body.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import type { SignupBody } from './dto/signup.dto.js';
import { ListsService } from './lists.service.js';
import { SubscribersRepository } from './subscribers.repository.js';

/**
 * The public signup. Whatever the state of the address (new, pending, confirmed, unsubscribed,
 * suppressed) it does the same work: one upsert, one consent row, one job. What the address
 * should receive is decided later by the worker, so neither the answer nor its timing tells.
 */
@Injectable()
export class SignupService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lists: ListsService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async request(body: SignupBody, client: ClientInfo, defaultSource: string): Promise<void> {
    const window = this.config.SIGNUP_LIMIT_WINDOW_SECONDS;
    const perIp = { key: `signup-ip:${client.ip}`, limit: this.config.SIGNUP_LIMIT_PER_IP };
    const checked = normalizeEmail(body.email);
    const lists = checked.ok
      ? await this.lists.resolveForSignup(body.lists).catch(() => null)
      : null;
    if (!checked.ok || !lists || body.website) {
      // Malformed and honeypot requests count against the address too, then answer as before.
      await this.rateLimiter.hit(perIp.key, perIp.limit, window);
      if (!checked.ok) throw invalidFields({ email: checked.reason });
      if (!lists) await this.lists.resolveForSignup(body.lists); // throws the 422 naming the list
      return; // the honeypot: answer as usual, do nothing
    }
    await this.rateLimiter.hitAll(
      [
        perIp,
        {
          key: `signup-email:${emailHash(checked.email)}`,
          limit: this.config.SIGNUP_LIMIT_PER_EMAIL,
        },
      ],
      window,
    );
    const consentId = await this.subscribers.recordSignup({
      email: checked.email,
      name: body.name ?? '',
      listIds: lists.map((list) => list.id),
      ip: client.ip,
      userAgent: client.userAgent,
      source: body.source || defaultSource,
      at: new Date(),
    });
    await enqueue(
      this.transactional,
      JOBS.signupRequested,
      { consentId },
      // The outbox row is the record of what was sent; a finished job is only Redis memory.
      { jobId: `signup-${consentId}`, removeOnComplete: true },
    );
  }
}
