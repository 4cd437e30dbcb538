import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ArticlesService } from '../../articles/articles.service.js';
import { FeedsService } from '../../articles/feeds.service.js';
import { html, safeHttpUrl } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { sessionOf } from '../accounts/request-actor.js';
import {
  arabicNumber,
  arabicTime,
  csrfField,
  noticeFrom,
  redirectWithNotice,
  sendAdminPage,
} from './admin-page.js';
import { feedStatus } from './feed-status.js';
import { field, formFailure } from './form-failure.js';

const PAGE_SIZE = 50;

/** The site's feeds (add, poll now, stop) and the articles collected from them or pushed by the CMS. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin')
export class ArticlePagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly articles: ArticlesService,
    private readonly feeds: FeedsService,
  ) {}

  @Get('articles')
  async page(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.render(request, response, {
      notice: noticeFrom(query),
      offset: Number(field(query, 'offset')) || 0,
    });
  }

  @Post('feeds')
  async addFeed(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const url = safeHttpUrl(field(body, 'url'));
    const minutes = Number(field(body, 'pollMinutes') || 10);
    if (!url || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      await this.render(request, response, {
        error: !url ? 'اكتب رابط خلاصة يبدأ بـ https://' : 'مدة القراءة بين دقيقة و1440 دقيقة.',
        status: 422,
      });
      return;
    }
    try {
      await this.feeds.add(url, minutes);
      redirectWithNotice(response, '/admin/articles', 'feed-added');
    } catch (error) {
      const failure = formFailure(error);
      await this.render(request, response, { error: failure.message, status: failure.status });
    }
  }

  @Post('feeds/:id/poll')
  async poll(@Param('id') id: string, @Res() response: Response) {
    await this.feeds.pollNow((await this.feeds.get(id)).id);
    redirectWithNotice(response, '/admin/articles', 'feed-polled');
  }

  private async render(
    request: Request,
    response: Response,
    page: { notice?: string; error?: string; status?: number; offset?: number },
  ) {
    const active = sessionOf(request);
    const csrf = csrfField(active.session.csrfToken);
    const offset = Math.max(0, Math.min(page.offset ?? 0, 100_000));
    const [feeds, articles] = await Promise.all([
      this.feeds.all(),
      this.articles.page(PAGE_SIZE, offset),
    ]);
    const zone = this.config.DIGEST_TIMEZONE;
    sendAdminPage(
      response,
      active,
      {
        title: 'المقالات والخلاصات',
        section: 'articles',
        notice: page.notice,
        error: page.error,
        body: html`<h2>الخلاصات</h2>
          <table>
            <thead>
              <tr>
                <th>الرابط</th>
                <th>كل</th>
                <th>آخر قراءة</th>
                <th>النتيجة</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${feeds.map(
                (feed) => html`<tr>
                  <td class="ltr">${feed.url}</td>
                  <td>${arabicNumber(feed.pollMinutes)} دقيقة</td>
                  <td>${arabicTime(feed.lastPolledAt, zone)}</td>
                  <td>
                    ${feedStatus(feed)}
                  </td>
                  <td>
                    <form method="post" action="/admin/feeds/${feed.id}/poll">
                      ${csrf}<button class="link" type="submit">اقرأها الآن</button>
                    </form>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
          <form method="post" action="/admin/feeds" class="row card">
            ${csrf}
            <div>
              <label for="feed-url">رابط خلاصة جديدة (RSS أو Atom أو ووردبريس)</label>
              <input id="feed-url" name="url" type="text" class="ltr" required placeholder="https://example.com/feed/" />
            </div>
            <div>
              <label for="feed-minutes">تُقرأ كل (دقيقة)</label>
              <input id="feed-minutes" name="pollMinutes" type="number" min="1" max="1440" value="10" />
            </div>
            <button type="submit">إضافة الخلاصة</button>
          </form>
          <h2>أحدث المقالات</h2>
          <table>
            <thead>
              <tr>
                <th>العنوان</th>
                <th>نُشرت</th>
              </tr>
            </thead>
            <tbody>
              ${articles.map(
                (article) => html`<tr>
                  <td><a href="${safeHttpUrl(article.url) ?? '#'}" rel="noopener noreferrer" target="_blank">${article.title}</a></td>
                  <td>${arabicTime(article.publishedAt, zone)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${
            articles.length === PAGE_SIZE
              ? html`<p><a href="/admin/articles?offset=${offset + PAGE_SIZE}">الأقدم ←</a></p>`
              : ''
          }`,
      },
      page.status ?? 200,
    );
  }
}
