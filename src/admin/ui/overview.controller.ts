import { Controller, Get, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Feed } from '../../articles/entities/feed.entity.js';
import { CampaignSendingService } from '../../campaigns/campaign-sending.service.js';
import { CampaignsService } from '../../campaigns/campaigns.service.js';
import { html } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { sessionOf } from '../accounts/request-actor.js';
import { arabicNumber, arabicTime, noticeFrom, sendAdminPage, statusBadge } from './admin-page.js';
import { feedStatus } from './feed-status.js';
import { growthChart, lastDays } from './growth-chart.js';

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
    const [counts, growth, recent, feeds] = await Promise.all([
      this.statusCounts(),
      this.confirmedPerDay(),
      this.campaigns.page({ limit: 5 }),
      this.dataSource.getRepository(Feed).find({ order: { id: 'ASC' } }),
    ]);
    const campaignRows = await Promise.all(
      recent.map(async (campaign) => {
        const progress = await this.sending.progress(campaign);
        return html`<tr>
          <td><a href="/admin/campaigns/${campaign.id}">${campaign.subject}</a></td>
          <td>${statusBadge(campaign.status)}</td>
          <td>${arabicNumber(progress.sent)} / ${arabicNumber(progress.total)}</td>
          <td>${arabicNumber(progress.failed)}</td>
          <td>${arabicTime(
            campaign.finishedAt ?? campaign.startedAt ?? campaign.createdAt,
            this.config.DIGEST_TIMEZONE,
          )}</td>
        </tr>`;
      }),
    );
    sendAdminPage(response, sessionOf(request), {
      title: 'نظرة عامة',
      section: 'overview',
      notice: noticeFrom(query),
      body: html`<div class="grid">
          <div class="stat">مؤكَّدون<b>${arabicNumber(counts.confirmed)}</b></div>
          <div class="stat">بانتظار التأكيد<b>${arabicNumber(counts.pending)}</b></div>
          <div class="stat">ألغوا اشتراكهم<b>${arabicNumber(counts.unsubscribed)}</b></div>
        </div>
        <h2>النمو في آخر 30 يوماً</h2>
        ${growthChart(growth)}
        <h2>آخر الحملات</h2>
        ${
          campaignRows.length
            ? html`<table>
              <thead>
                <tr>
                  <th>العنوان</th>
                  <th>الحالة</th>
                  <th>أُرسل</th>
                  <th>فشل</th>
                  <th>الوقت</th>
                </tr>
              </thead>
              <tbody>
                ${campaignRows}
              </tbody>
            </table>`
            : html`<p class="muted">لا حملات بعد. <a href="/admin/campaigns/new">أنشئ أول حملة</a>.</p>`
        }
        <h2>الخلاصات</h2>
        ${
          feeds.length
            ? html`<table>
              <thead>
                <tr>
                  <th>الخلاصة</th>
                  <th>آخر قراءة</th>
                  <th>النتيجة</th>
                </tr>
              </thead>
              <tbody>
                ${feeds.map(
                  (feed) => html`<tr>
                    <td class="ltr">${feed.title || feed.url}</td>
                    <td>${arabicTime(feed.lastPolledAt, this.config.DIGEST_TIMEZONE)}</td>
                    <td>${feedStatus(feed)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
            : html`<p class="muted">لا خلاصات بعد. <a href="/admin/articles">أضف خلاصة الموقع</a>.</p>`
        }`,
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
