import { Controller, Get, Inject, Logger, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FeedsService } from '../../articles/feeds.service.js';
import { CampaignSendingService } from '../../campaigns/campaign-sending.service.js';
import { CampaignsService } from '../../campaigns/campaigns.service.js';
import { ClickStats } from '../../clicks/click-stats.service.js';
import { type RelayStatusRow, relayStatus } from '../../delivery/relays/relay-status.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, type RedisClient } from '../../redis/redis-token.js';
import { ListsService } from '../../subscribers/lists.service.js';
import { SubscribersRepository } from '../../subscribers/subscribers.repository.js';
import { EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { sessionOf } from '../../auth/request-actor.js';
import { sendAdminPage } from './admin-layout.js';
import { noticeFrom } from './notices.js';
import { campaignRows } from './campaign-rows.js';
import { lastDays } from './growth-chart.js';
import { overviewView } from './overview-view.js';

/** The growth chart's span: confirmations per day over the last month. */
const GROWTH_DAYS = 30;

@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin')
export class OverviewController {
  private readonly logger = new Logger(OverviewController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscribers: SubscribersRepository,
    private readonly lists: ListsService,
    private readonly feeds: FeedsService,
    private readonly campaigns: CampaignsService,
    private readonly sending: CampaignSendingService,
    private readonly clicks: ClickStats,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  @Get()
  async overview(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    const [counts, confirmed, recent, feeds, listNames, topClicked, relays] = await Promise.all([
      this.subscribers.countByStatus(),
      this.subscribers.confirmedPerDay(new Date(Date.now() - GROWTH_DAYS * 86_400_000)),
      this.campaigns.page({ limit: 5 }),
      this.feeds.all(),
      this.lists.namesById(),
      this.clicks.topArticles(),
      this.relays(),
    ]);
    const rows = await campaignRows(recent, listNames, {
      campaigns: this.campaigns,
      sending: this.sending,
    });
    sendAdminPage(response, sessionOf(request), {
      title: 'نظرة عامة',
      section: 'overview',
      notice: noticeFrom(query),
      body: overviewView({
        counts,
        growth: lastDays(confirmed, GROWTH_DAYS),
        campaigns: rows,
        feeds,
        topClicked,
        relays,
        timeZone: this.config.DIGEST_TIMEZONE,
      }),
    });
  }

  /** Undefined without SMTP_URLS (no card); null when Redis fails, so the rest of the page shows. */
  private async relays(): Promise<RelayStatusRow[] | null | undefined> {
    if (!this.config.SMTP_URLS) return undefined;
    try {
      return await relayStatus(this.redis, this.config.QUEUE_PREFIX, this.config.SMTP_URLS);
    } catch (error) {
      this.logger.warn(`SMTP relay states not read: ${String(error)}`);
      return null;
    }
  }
}
