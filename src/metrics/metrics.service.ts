import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Registry } from 'prom-client';
import { BouncesRepository } from '../bounces/bounces.repository.js';
import { CampaignSendingService, type Progress } from '../campaigns/campaign-sending.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { QUEUES } from '../queues/queue-names.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { SubscribersRepository } from '../subscribers/subscribers.repository.js';
import { SEND_LATENCY_BUCKETS, sendLatencyKey } from '../delivery/latency-buckets.js';
import { relayDownKey, relayMessagesKey } from '../delivery/relays/relay-recorder.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;
// A label per campaign: only the most recent ones, so the series count stays bounded.
const CAMPAIGNS_SHOWN = 20;

/**
 * Prometheus metrics for the whole deployment, not one process: read at scrape time from the
 * database (subscribers, signups, bounces, campaign results), BullMQ (queue depths) and the
 * workers' latency histogram in Redis. Any API process answers the same.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();

  constructor(
    bounces: BouncesRepository,
    subscribers: SubscribersRepository,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsService,
    private readonly sending: CampaignSendingService,
    @InjectQueue(QUEUES.campaigns) campaignsQueue: Queue,
    @InjectQueue(QUEUES.transactional) transactionalQueue: Queue,
    @InjectQueue(QUEUES.feeds) feedsQueue: Queue,
    @InjectQueue(QUEUES.schedules) schedulesQueue: Queue,
  ) {
    const queues = [campaignsQueue, transactionalQueue, feedsQueue, schedulesQueue];
    new Gauge({
      name: 'nashra_subscribers',
      help: 'Subscribers by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await subscribers.countByStatus();
        // A status nobody has is left out, as the scrape has always shown it.
        for (const [status, count] of Object.entries(counts)) {
          if (count > 0) this.set({ status }, count);
        }
      },
    });
    new Counter({
      name: 'nashra_signups_total',
      help: 'Signups and editor additions with recorded consent (erased subscribers leave it)',
      registers: [this.registry],
      async collect() {
        const count = await subscribers.countConsents();
        this.reset();
        this.inc(count);
      },
    });
    new Counter({
      name: 'nashra_bounces_total',
      help: 'Bounce and complaint reports received, by type',
      labelNames: ['type'],
      registers: [this.registry],
      async collect() {
        const counts = await bounces.countByType();
        this.reset();
        for (const [type, count] of counts) this.inc({ type }, count);
      },
    });
    // One read of the latest campaigns per scrape, shared by the three series drawn from it.
    let snapshot: { at: number; rows: Promise<{ id: number; progress: Progress }[]> } | null = null;
    const campaignResults = () => {
      if (!snapshot || Date.now() - snapshot.at > 1000) {
        snapshot = {
          at: Date.now(),
          rows: this.campaigns.page({ limit: CAMPAIGNS_SHOWN }).then((campaigns) =>
            Promise.all(
              campaigns.map(async (campaign) => ({
                id: campaign.id,
                progress: await this.sending.progress(campaign),
              })),
            ),
          ),
        };
      }
      return snapshot.rows;
    };
    const perCampaign = (
      name: string,
      help: string,
      type: 'counter' | 'gauge',
      value: (progress: Progress) => number,
    ) => {
      const options = {
        name,
        help,
        labelNames: ['campaign'] as const,
        registers: [this.registry],
      };
      if (type === 'counter') {
        new Counter({
          ...options,
          async collect() {
            const rows = await campaignResults();
            this.reset();
            for (const row of rows) this.inc({ campaign: String(row.id) }, value(row.progress));
          },
        });
      } else {
        new Gauge({
          ...options,
          async collect() {
            const rows = await campaignResults();
            this.reset();
            for (const row of rows) this.set({ campaign: String(row.id) }, value(row.progress));
          },
        });
      }
    };
    perCampaign(
      'nashra_emails_sent_total',
      'Campaign emails accepted by the SMTP server, by campaign (the latest 20)',
      'counter',
      (progress) => progress.sent,
    );
    perCampaign(
      'nashra_emails_failed_total',
      'Campaign emails refused for good, by campaign (the latest 20)',
      'counter',
      (progress) => progress.failed,
    );
    perCampaign(
      'nashra_campaign_pending',
      'Campaign emails not sent yet, by campaign (the latest 20)',
      'gauge',
      (progress) => progress.pending,
    );
    new Gauge({
      name: 'nashra_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES)
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    if (config.SMTP_URLS) this.relaySeries(config.SMTP_URLS.map((relay) => relay.label));
  }

  /**
   * SMTP_URLS: each relay up or down, and its messages by outcome, as the workers recorded them
   * in Redis (RelayRecorder). Down is the last state any process found, until its back-off ends.
   */
  private relaySeries(labels: string[]): void {
    const redis = this.redis;
    const prefix = this.config.QUEUE_PREFIX;
    new Gauge({
      name: 'nashra_smtp_relay_up',
      help: 'Whether each SMTP relay (SMTP_URLS) is taking mail: 0 while it is down after a failure',
      labelNames: ['relay'],
      registers: [this.registry],
      async collect() {
        const down = await redis.hgetall(relayDownKey(prefix));
        this.reset();
        for (const relay of labels) {
          this.set({ relay }, Number(down[relay] ?? 0) > Date.now() ? 0 : 1);
        }
      },
    });
    new Counter({
      name: 'nashra_smtp_relay_messages_total',
      help: 'Messages per SMTP relay: sent (accepted), refused (a reply refused that message), failed (the connection failed; the message went to another relay or back to the queue)',
      labelNames: ['relay', 'outcome'],
      registers: [this.registry],
      async collect() {
        const counts = await redis.hgetall(relayMessagesKey(prefix));
        this.reset();
        for (const relay of labels) {
          for (const outcome of ['sent', 'refused', 'failed']) {
            this.inc({ relay, outcome }, Number(counts[`${relay} ${outcome}`] ?? 0));
          }
        }
      },
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  /** The registry's metrics, then the send latency histogram the workers keep in Redis. */
  async render(): Promise<string> {
    return (await this.registry.metrics()) + (await this.latencyHistogram());
  }

  private async latencyHistogram(): Promise<string> {
    const stored = await this.redis.hgetall(sendLatencyKey(this.config.QUEUE_PREFIX));
    const name = 'nashra_smtp_send_seconds';
    const lines = [
      `# HELP ${name} Time from handing a campaign message to the SMTP connection to its acceptance`,
      `# TYPE ${name} histogram`,
    ];
    let cumulative = 0;
    SEND_LATENCY_BUCKETS.forEach((bound, index) => {
      cumulative += Number(stored[`b${index}`] ?? 0);
      lines.push(`${name}_bucket{le="${bound}"} ${cumulative}`);
    });
    cumulative += Number(stored[`b${SEND_LATENCY_BUCKETS.length}`] ?? 0);
    lines.push(`${name}_bucket{le="+Inf"} ${cumulative}`);
    lines.push(`${name}_sum ${Number(stored.sum ?? 0)}`);
    lines.push(`${name}_count ${Number(stored.count ?? 0)}`);
    return `${lines.join('\n')}\n`;
  }
}
