import { Controller, Get, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Feed } from '../../articles/entities/feed.entity.js';
import { CampaignSendingService } from '../../campaigns/campaign-sending.service.js';
import { CampaignsService } from '../../campaigns/campaigns.service.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { sessionOf } from '../accounts/request-actor.js';
import { noticeFrom, sendAdminPage } from './admin-page.js';
import { campaignRows } from './campaign-rows.js';
import { lastDays } from './growth-chart.js';
import { overviewView } from './overview-view.js';

@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin')
export class OverviewController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly sending: CampaignSendingService,
  ) {}

  @Get()
  async overview(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    const [counts, growth, recent, feeds, lists] = await Promise.all([
      this.statusCounts(),
      this.confirmedPerDay(),
      this.campaigns.page({ limit: 5 }),
      this.dataSource.getRepository(Feed).find({ order: { id: 'ASC' } }),
      this.dataSource.getRepository(MailingList).find(),
    ]);
    const listNames = new Map(lists.map((list) => [list.id, list.name]));
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
        growth,
        campaigns: rows,
        feeds,
        timeZone: this.config.DIGEST_TIMEZONE,
      }),
    });
  }

  private async statusCounts(): Promise<Record<'pending' | 'confirmed' | 'unsubscribed', number>> {
    const rows = await this.dataSource.query<{ status: string; count: string | number }[]>(
      'SELECT status, COUNT(*) AS count FROM subscribers GROUP BY status',
    );
    const counts = { pending: 0, confirmed: 0, unsubscribed: 0 };
    for (const row of rows) {
      if (row.status in counts) counts[row.status as keyof typeof counts] = Number(row.count);
    }
    return counts;
  }

  private async confirmedPerDay() {
    const postgres = this.dataSource.options.type === 'postgres';
    const since = new Date(Date.now() - 30 * 86_400_000);
    const day = postgres
      ? "to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
      : 'substr(confirmed_at, 1, 10)';
    const rows = await this.dataSource.query<{ day: string; count: string }[]>(
      `SELECT ${day} AS day, COUNT(*) AS count FROM subscribers
       WHERE confirmed_at >= ${postgres ? '$1' : '?'} GROUP BY 1`,
      [postgres ? since : since.toISOString().replace('T', ' ').slice(0, 23)],
    );
    return lastDays(rows);
  }
}
