import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { ClientInfo } from '../common/client-info.js';
import { normalizeEmail } from '../common/email-address.js';
import { emailHash } from '../common/email-hash.js';
import { invalidFields } from '../common/zod-body.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { RateLimiter } from '../redis/rate-limiter.js';
import type { UnsubscribeRequestBody } from './dto/unsubscribe-request.dto.js';
import { SubscribersRepository } from './subscribers.repository.js';

/**
 * Leaving without the link: an address typed at GET /unsubscribe. Whatever the address (a
 * subscriber, a stranger, one that left or is suppressed) it does the same work, one lookup and
 * one job, and the worker decides whether a link goes out; neither the answer nor its timing
 * tells whether we know the address. Rate-limited as signups are, on counters of its own.
 */
@Injectable()
export class UnsubscribeRequestService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async request(body: UnsubscribeRequestBody, client: ClientInfo): Promise<void> {
    const window = this.config.SIGNUP_LIMIT_WINDOW_SECONDS;
    const perIp = { key: `unsubscribe-ip:${client.ip}`, limit: this.config.SIGNUP_LIMIT_PER_IP };
    const checked = normalizeEmail(body.email);
    if (!checked.ok || body.website) {
      // Malformed and honeypot requests count against the client too, then answer as before.
      await this.rateLimiter.hit(perIp.key, perIp.limit, window);
      if (!checked.ok) throw invalidFields({ email: checked.reason });
      return; // the honeypot: answer as usual, do nothing
    }
    await this.rateLimiter.hitAll(
      [
        perIp,
        {
          key: `unsubscribe-email:${emailHash(checked.email)}`,
          limit: this.config.SIGNUP_LIMIT_PER_EMAIL,
        },
      ],
      window,
    );
    const subscriber = await this.subscribers.byEmail(checked.email);
    await enqueue(
      this.transactional,
      JOBS.unsubscribeRequested,
      { subscriberId: subscriber?.id ?? null },
      // The outbox row is the record of what was sent; a finished job is only Redis memory.
      { removeOnComplete: true },
    );
  }
}
