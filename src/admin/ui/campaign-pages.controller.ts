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
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { Repository } from 'typeorm';
import { ArticlesService } from '../../articles/articles.service.js';
import { CampaignSendingService } from '../../campaigns/campaign-sending.service.js';
import {
  type CampaignSample,
  CampaignTestSender,
  GMAIL_CLIP_BYTES,
  PREVIEW_CONTENT_SECURITY_POLICY,
} from '../../campaigns/campaign-test-sender.service.js';
import { campaignView, CampaignsService } from '../../campaigns/campaigns.service.js';
import type { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { normalizeEmail } from '../../common/email-address.js';
import { html, type SafeHtml } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { sessionOf } from '../accounts/request-actor.js';
import {
  arabicNumber,
  arabicTime,
  csrfField,
  noticeFrom,
  redirectWithNotice,
  sendAdminPage,
  statusBadge,
} from './admin-page.js';
import { field, fields, formFailure, singleLineField } from './form-failure.js';
import { zonedToUtc } from './local-time.js';

const RECENT_ARTICLES = 40;

/** Campaigns in the browser: compose from recent articles, preview, test, send, follow, control. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin/campaigns')
export class CampaignPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsService,
    private readonly sending: CampaignSendingService,
    private readonly testSender: CampaignTestSender,
    private readonly articles: ArticlesService,
    @InjectRepository(MailingList) private readonly lists: Repository<MailingList>,
  ) {}

  @Get()
  async all(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    const rows = await this.campaigns.page({ limit: 50 });
    const lists = new Map((await this.lists.find()).map((list) => [list.id, list.name]));
    const items = await Promise.all(
      rows.map(async (campaign) => {
        const progress = await this.sending.progress(campaign);
        return html`<tr>
          <td><a href="/admin/campaigns/${campaign.id}">${campaign.subject}</a></td>
          <td>${lists.get(campaign.listId) ?? ''}</td>
          <td>${statusBadge(campaign.status)}</td>
          <td>${arabicNumber(progress.sent)} / ${arabicNumber(progress.total)}</td>
          <td>${arabicTime(campaign.createdAt, this.config.DIGEST_TIMEZONE)}</td>
        </tr>`;
      }),
    );
    sendAdminPage(response, sessionOf(request), {
      title: 'الحملات',
      section: 'campaigns',
      notice: noticeFrom(query),
      body: html`<p><a class="button" href="/admin/campaigns/new">حملة جديدة</a></p>
        ${
          items.length
            ? html`<table>
              <thead>
                <tr>
                  <th>العنوان</th>
                  <th>القائمة</th>
                  <th>الحالة</th>
                  <th>أُرسل</th>
                  <th>أُنشئت</th>
                </tr>
              </thead>
              <tbody>
                ${items}
              </tbody>
            </table>`
            : html`<p class="muted">لا حملات بعد.</p>`
        }`,
    });
  }

  @Get('new')
  async compose(@Req() request: Request, @Res() response: Response) {
    await this.composePage(request, response, {}, undefined, 200);
  }

  @Post()
  async create(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const picked = fields(body, 'article').filter((id) => /^\d{1,9}$/.test(id));
    const order = (id: string) => {
      const value = Number(field(body, `order_${id}`));
      return Number.isFinite(value) && value > 0 ? value : 1000;
    };
    const articleIds = picked
      .map((id, index) => ({ id, rank: order(id), index }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((item) => item.id);
    const subject = singleLineField(body, 'subject');
    const problem = !subject
      ? 'اكتب عنوان الرسالة.'
      : subject.length > 300
        ? 'العنوان أطول من 300 حرف.'
        : articleIds.length === 0
          ? 'اختر مقالة واحدة على الأقل.'
          : articleIds.length > 50
            ? 'خمسون مقالة على الأكثر في الرسالة الواحدة.'
            : null;
    if (problem) {
      await this.composePage(request, response, body, problem, 422);
      return;
    }
    try {
      const campaign = await this.campaigns.create({
        list: field(body, 'list'),
        subject,
        articleIds,
      });
      redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, 'campaign-created');
    } catch (error) {
      const failure = formFailure(error);
      await this.composePage(request, response, body, failure.message, failure.status);
    }
  }

  @Get(':id')
  async one(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Query() query: unknown,
  ) {
    await this.detailPage(request, response, await this.campaigns.get(id), noticeFrom(query));
  }

  /** The progress as JSON for the page's poller (same shape as the admin API's). */
  @Get(':id/progress')
  async progress(@Param('id') id: string) {
    const campaign = await this.campaigns.get(id);
    const list = (await this.lists.findOneBy({ id: campaign.listId })) ?? undefined;
    return campaignView(campaign, list, await this.sending.progress(campaign));
  }

  /** The email as subscribers get it, for the sandboxed preview frames. */
  @Get(':id/preview')
  async preview(@Param('id') id: string, @Res() response: Response) {
    const rendered = await this.testSender.preview(await this.campaigns.get(id));
    response
      .type('html')
      .set('Cache-Control', 'no-store')
      .set('Content-Security-Policy', PREVIEW_CONTENT_SECURITY_POLICY)
      .send(rendered.html);
  }

  @Post(':id/test')
  async test(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const campaign = await this.campaigns.get(id);
    const checked = normalizeEmail(field(body, 'email'));
    if (!checked.ok) {
      await this.detailPage(request, response, campaign, undefined, 'عنوان البريد غير صالح.', 422);
      return;
    }
    await this.testSender.send(campaign, checked.email);
    redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, 'test-sent');
  }

  @Post(':id/send')
  async send(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const campaign = await this.campaigns.get(id);
    const at = field(body, 'at');
    const when = at ? zonedToUtc(at, this.config.DIGEST_TIMEZONE) : null;
    if (at && (!when || when.getTime() < Date.now() - 60_000)) {
      await this.detailPage(request, response, campaign, undefined, 'اختر وقتاً قادماً.', 422);
      return;
    }
    try {
      const sent = await this.sending.send(campaign, when);
      redirectWithNotice(
        response,
        `/admin/campaigns/${sent.id}`,
        when ? 'campaign-scheduled' : 'campaign-sending',
      );
    } catch (error) {
      await this.refused(request, response, campaign, error);
    }
  }

  @Post(':id/:action')
  async control(
    @Param('id') id: string,
    @Param('action') action: string,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const campaign = await this.campaigns.get(id);
    try {
      if (action === 'pause') await this.sending.pause(campaign);
      else if (action === 'resume') await this.sending.resume(campaign);
      else if (action === 'cancel') await this.sending.cancel(campaign);
      else {
        response.status(404).send('Not found');
        return;
      }
      const done = {
        pause: 'campaign-paused',
        resume: 'campaign-resumed',
        cancel: 'campaign-cancelled',
      } as const;
      redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, done[action]);
    } catch (error) {
      await this.refused(request, response, campaign, error);
    }
  }

  /** The campaign's page again, saying why the service refused (a 4xx; anything else is thrown). */
  private async refused(request: Request, response: Response, campaign: Campaign, error: unknown) {
    const failure = formFailure(error);
    await this.detailPage(request, response, campaign, undefined, failure.message, failure.status);
  }

  private async composePage(
    request: Request,
    response: Response,
    body: unknown,
    error: string | undefined,
    status: number,
  ) {
    const active = sessionOf(request);
    const [lists, recent] = await Promise.all([
      this.lists.find({ order: { id: 'ASC' } }),
      this.articles.page(RECENT_ARTICLES, 0),
    ]);
    const picked = new Set(fields(body, 'article'));
    const chosenList = field(body, 'list') || lists.find((list) => list.isDefault)?.slug || '';
    sendAdminPage(
      response,
      active,
      {
        title: 'حملة جديدة',
        section: 'campaigns',
        error,
        body: html`<form method="post" action="/admin/campaigns" class="card">
          ${csrfField(active.session.csrfToken)}
          <label for="list">القائمة</label>
          <select id="list" name="list" required>
            ${lists.map(
              (list) =>
                html`<option value="${list.slug}" ${list.slug === chosenList ? html`selected` : ''}>
                  ${list.name}
                </option>`,
            )}
          </select>
          <label for="subject">عنوان الرسالة</label>
          <input id="subject" name="subject" type="text" maxlength="300" required value="${field(body, 'subject')}" />
          <h2>المقالات</h2>
          <p class="muted">
            اختر المقالات، ورتّبها بالأرقام في خانة «الترتيب» (1 أولاً). بلا أرقام تبقى بترتيبها هنا.
          </p>
          ${
            recent.length
              ? html`<table>
                <thead>
                  <tr>
                    <th>اختيار</th>
                    <th>الترتيب</th>
                    <th>المقالة</th>
                    <th>نُشرت</th>
                  </tr>
                </thead>
                <tbody>
                  ${recent.map(
                    (article) => html`<tr>
                      <td>
                        <input
                          type="checkbox"
                          name="article"
                          value="${article.id}"
                          id="article-${article.id}"
                          ${picked.has(String(article.id)) ? html`checked` : ''}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          name="order_${article.id}"
                          min="1"
                          max="50"
                          aria-label="ترتيب «${article.title}»"
                          value="${field(body, `order_${article.id}`)}"
                        />
                      </td>
                      <td><label class="inline" for="article-${article.id}">${article.title}</label></td>
                      <td>${arabicTime(article.publishedAt, this.config.DIGEST_TIMEZONE)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
              : html`<p class="muted">لا مقالات بعد: أضف خلاصة الموقع في «المقالات والخلاصات».</p>`
          }
          <p><button type="submit">إنشاء المسودة</button></p>
        </form>`,
      },
      status,
    );
  }

  private async detailPage(
    request: Request,
    response: Response,
    campaign: Campaign,
    notice: string | undefined,
    error?: string,
    status = 200,
  ) {
    const active = sessionOf(request);
    const csrf = csrfField(active.session.csrfToken);
    const list = await this.lists.findOneBy({ id: campaign.listId });
    const progress = await this.sending.progress(campaign);
    // The message as sent, sized; a campaign whose articles are gone has none to size.
    const sample = await this.testSender.preview(campaign).catch(() => null);
    const done = progress.sent + progress.failed + progress.skipped;
    const base = `/admin/campaigns/${campaign.id}`;
    const button = (action: string, label: string, confirm?: string, secondary = true) =>
      html`<form method="post" action="${base}/${action}" ${confirm ? html`data-confirm="${confirm}"` : ''}>
        ${csrf}
        <button type="submit" ${secondary ? html`class="secondary"` : ''}>${label}</button>
      </form>`;
    const controls: SafeHtml[] = [];
    if (campaign.status === 'sending' || campaign.status === 'scheduled') {
      controls.push(button('pause', 'إيقاف مؤقت'));
    }
    if (campaign.status === 'paused') controls.push(button('resume', 'استئناف', undefined, false));
    if (['sending', 'scheduled', 'paused'].includes(campaign.status)) {
      controls.push(button('cancel', 'إلغاء الحملة', 'إلغاء الحملة نهائي. هل تريد المتابعة؟'));
    }
    sendAdminPage(
      response,
      active,
      {
        title: campaign.subject,
        section: 'campaigns',
        notice,
        error,
        body: html`<p>
            ${statusBadge(campaign.status)} · القائمة: ${list?.name ?? '—'} · أُنشئت
            ${arabicTime(campaign.createdAt, this.config.DIGEST_TIMEZONE)}
            ${
              campaign.sendAt
                ? html` · موعد الإرسال ${arabicTime(campaign.sendAt, this.config.DIGEST_TIMEZONE)}`
                : ''
            }
          </p>
          <section class="card" data-progress-url="${base}/progress" data-status="${campaign.status}">
            <h2>التقدّم</h2>
            <progress max="${Math.max(progress.total, 1)}" value="${done}" aria-label="نسبة الإرسال">
              ${arabicNumber(done)}
            </progress>
            <p>
              أُرسل <b data-field="sent">${arabicNumber(progress.sent)}</b> من
              <b data-field="total">${arabicNumber(progress.total)}</b> · بالانتظار
              <b data-field="pending">${arabicNumber(progress.pending)}</b> · فشل
              <b data-field="failed">${arabicNumber(progress.failed)}</b> · السرعة
              <b data-field="rate">${arabicNumber(progress.rate)}</b> رسالة/ثانية · ارتدّ
              <b data-field="bounced">${arabicNumber(progress.bounced)}</b>
            </p>
            <div class="actions">${controls}</div>
          </section>
          ${
            campaign.status === 'draft'
              ? html`<section class="card">
                <h2>الإرسال</h2>
                <form method="post" action="${base}/test" class="row">
                  ${csrf}
                  <div>
                    <label for="test-email">نسخة تجريبية إلى</label>
                    <input id="test-email" name="email" type="email" required />
                  </div>
                  <button type="submit" class="secondary">أرسل نسخة تجريبية</button>
                </form>
                <div class="actions">
                  <form method="post" action="${base}/send" data-confirm="ستُرسل الحملة إلى كل مشتركي القائمة الآن. هل تريد المتابعة؟">
                    ${csrf}
                    <button type="submit">أرسل الآن</button>
                  </form>
                </div>
                <form method="post" action="${base}/send" class="row">
                  ${csrf}
                  <div>
                    <label for="send-at">أو في وقت لاحق (بتوقيت ${this.config.DIGEST_TIMEZONE})</label>
                    <input id="send-at" name="at" type="datetime-local" required />
                  </div>
                  <button type="submit" class="secondary">جدولة الإرسال</button>
                </form>
              </section>`
              : ''
          }
          <h2>المعاينة</h2>
          ${sample ? messageSize(sample) : ''}
          <div class="previews">
            <figure>
              <figcaption class="muted">على الهاتف</figcaption>
              <iframe class="phone" sandbox="" src="${base}/preview" title="معاينة على الهاتف"></iframe>
            </figure>
            <figure>
              <figcaption class="muted">على الحاسوب</figcaption>
              <iframe class="desktop" sandbox="" src="${base}/preview" title="معاينة على الحاسوب"></iframe>
            </figure>
          </div>`,
      },
      status,
    );
  }
}

const kilobytes = (bytes: number) =>
  new Intl.NumberFormat('ar', { maximumFractionDigits: 1 }).format(bytes / 1000);

/** The size a reader's mailbox receives, and Gmail's clipping when the digest passes it. */
function messageSize(sample: CampaignSample): SafeHtml {
  const line = html`<p class="muted" data-field="message-size">
    حجم الرسالة كما تُرسَل: ${kilobytes(sample.size)} كيلوبايت (منها HTML بحجم
    ${kilobytes(sample.htmlSize)} كيلوبايت).
  </p>`;
  if (!sample.clipped) return line;
  return html`${line}
    <p class="error" role="alert">
      قد يقتطع Gmail هذه الرسالة: يخفي Gmail ما يتجاوز نحو ${kilobytes(GMAIL_CLIP_BYTES)} كيلوبايت من
      الرسالة، ومعه تذييلها ورابط إلغاء الاشتراك. قلّل عدد المقالات أو اختصر ملخصاتها.
    </p>`;
}
