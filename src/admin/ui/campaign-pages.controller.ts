import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ArticlesService } from '../../articles/articles.service.js';
import { CampaignSendingService } from '../../campaigns/campaign-sending.service.js';
import {
  CampaignTestSender,
  PREVIEW_CONTENT_SECURITY_POLICY,
} from '../../campaigns/campaign-test-sender.service.js';
import { CampaignsService } from '../../campaigns/campaigns.service.js';
import type { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { SubjectTestService } from '../../campaigns/subject-test.service.js';
import { normalizeEmail } from '../../common/email-address.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ListsService } from '../../subscribers/lists.service.js';
import { EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { sessionOf } from '../../auth/request-actor.js';
import { sendAdminPage } from './admin-layout.js';
import { noticeFrom, redirectWithNotice } from './notices.js';
import { notStarted } from './campaign-audience.js';
import { composeView } from './campaign-compose-view.js';
import { campaignDetailView, type CampaignDetail } from './campaign-detail-view.js';
import { draftFromForm, winnerFromForm } from './campaign-form.js';
import { campaignListView } from './campaign-list-view.js';
import {
  type CampaignAction,
  controlRefusal,
  draftRefusal,
  NO_ARTICLES,
  renderProblemInArabic,
  noSuchCampaign,
  type Refusal,
  testSendRefusal,
  winnerRefusal,
} from './campaign-refusals.js';
import { campaignRows } from './campaign-rows.js';
import { field } from './form-failure.js';
import { zonedToUtc } from './local-time.js';

const RECENT_ARTICLES = 40;

/** A notice about a state the campaign has left (a finished send's «بدأ الإرسال.») is not shown. */
const NOTICE_HOLDS_WHILE: Record<string, readonly Campaign['status'][]> = {
  'campaign-created': ['draft'],
  'campaign-sending': ['sending'],
  'campaign-scheduled': ['scheduled'],
  'campaign-paused': ['paused'],
  'campaign-resumed': ['sending'],
  'subject-chosen': ['sending', 'paused'],
};

function currentNotice(query: unknown, status: Campaign['status']): string | undefined {
  const code = (query as { done?: unknown } | undefined)?.done;
  const stale =
    typeof code === 'string' &&
    Object.hasOwn(NOTICE_HOLDS_WHILE, code) &&
    !NOTICE_HOLDS_WHILE[code].includes(status);
  return stale ? undefined : noticeFrom(query);
}

const CONTROLS = {
  pause: { act: 'pause', done: 'campaign-paused' },
  resume: { act: 'resume', done: 'campaign-resumed' },
  cancel: { act: 'cancel', done: 'campaign-cancelled' },
} as const;

interface DetailExtras {
  notice?: string;
  refusal?: Refusal;
  typed?: CampaignDetail['typed'];
}

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
    private readonly lists: ListsService,
    private readonly subjectTests: SubjectTestService,
  ) {}

  @Get()
  async all(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    const listNames = await this.lists.namesById();
    const rows = await campaignRows(await this.campaigns.page({ limit: 50 }), listNames, {
      campaigns: this.campaigns,
      sending: this.sending,
    });
    sendAdminPage(response, sessionOf(request), {
      title: 'الحملات',
      section: 'campaigns',
      notice: noticeFrom(query),
      body: campaignListView(rows, this.config.DIGEST_TIMEZONE),
    });
  }

  @Get('new')
  async compose(@Req() request: Request, @Res() response: Response) {
    await this.composePage(request, response, {});
  }

  @Post()
  async create(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    try {
      const campaign = await this.campaigns.create(draftFromForm(body));
      redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, 'campaign-created');
    } catch (error) {
      await this.composePage(request, response, body, draftRefusal(error));
    }
  }

  @Get(':id')
  async one(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Query() query: unknown,
  ) {
    const campaign = await this.campaign(id);
    await this.detailPage(request, response, campaign, {
      notice: currentNotice(query, campaign.status),
    });
  }

  /** The progress as JSON for the page's poller (same shape as the admin API's). */
  @Get(':id/progress')
  async progress(@Param('id') id: string) {
    return this.campaigns.view(await this.campaign(id));
  }

  /** The email as subscribers get it, for the sandboxed preview frames. */
  @Get(':id/preview')
  async preview(@Param('id') id: string, @Res() response: Response) {
    const campaign = await this.campaign(id);
    const rendered = await this.testSender.preview(campaign).catch((error: unknown) => {
      const unrenderable = renderProblemInArabic(error);
      if (unrenderable) throw new UnprocessableEntityException(unrenderable);
      throw error instanceof UnprocessableEntityException
        ? new UnprocessableEntityException(NO_ARTICLES)
        : error;
    });
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
    const campaign = await this.campaign(id);
    const typed = { email: field(body, 'email') };
    const checked = normalizeEmail(typed.email);
    if (!checked.ok) {
      const refusal = { status: 422, message: 'عنوان البريد غير صالح: تحقّق منه وأعد المحاولة.' };
      await this.detailPage(request, response, campaign, { refusal, typed });
      return;
    }
    try {
      await this.testSender.send(campaign, checked.email);
    } catch (error) {
      await this.detailPage(request, response, campaign, {
        refusal: testSendRefusal(error),
        typed,
      });
      return;
    }
    redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, 'test-sent');
  }

  @Post(':id/send')
  async send(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const campaign = await this.campaign(id);
    const at = field(body, 'at');
    const when = at ? zonedToUtc(at, this.config.DIGEST_TIMEZONE) : null;
    if (at && (!when || when.getTime() < Date.now() - 60_000)) {
      const refusal = { status: 422, message: 'اختر وقتاً قادماً.' };
      await this.detailPage(request, response, campaign, { refusal, typed: { at } });
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
      await this.refused(request, response, campaign, error, when ? 'schedule' : 'send');
    }
  }

  /** A subject test's winner, chosen by the editor; the rest of the list gets it. */
  @Post(':id/winner')
  async winner(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const campaign = await this.campaign(id);
    try {
      await this.subjectTests.choose(campaign, winnerFromForm(body));
      redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, 'subject-chosen');
    } catch (error) {
      const current = await this.campaign(String(campaign.id));
      await this.detailPage(request, response, current, {
        refusal: winnerRefusal(error, current),
      });
    }
  }

  @Post(':id/:action')
  async control(
    @Param('id') id: string,
    @Param('action') action: string,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (!Object.hasOwn(CONTROLS, action)) throw new NotFoundException('لا إجراء بهذا الاسم.');
    const control = CONTROLS[action as keyof typeof CONTROLS];
    const campaign = await this.campaign(id);
    try {
      await this.sending[control.act](campaign);
      redirectWithNotice(response, `/admin/campaigns/${campaign.id}`, control.done);
    } catch (error) {
      await this.refused(request, response, campaign, error, control.act);
    }
  }

  private async campaign(id: string): Promise<Campaign> {
    try {
      return await this.campaigns.get(id);
    } catch (error) {
      throw error instanceof NotFoundException ? noSuchCampaign() : error;
    }
  }

  /** The campaign's page as it is now, saying why the service refused (a 4xx; anything else is thrown). */
  private async refused(
    request: Request,
    response: Response,
    campaign: Campaign,
    error: unknown,
    action: CampaignAction,
  ) {
    const current = await this.campaign(String(campaign.id));
    const refusal = controlRefusal(error, action, current.status);
    await this.detailPage(request, response, current, { refusal });
  }

  private async composePage(
    request: Request,
    response: Response,
    typed: unknown,
    refusal?: Refusal,
  ) {
    const active = sessionOf(request);
    const [lists, recent] = await Promise.all([
      this.lists.all(),
      this.articles.page(RECENT_ARTICLES, 0),
    ]);
    sendAdminPage(
      response,
      active,
      {
        title: 'حملة جديدة',
        section: 'campaigns',
        error: refusal?.message,
        body: composeView({
          csrfToken: active.session.csrfToken,
          timeZone: this.config.DIGEST_TIMEZONE,
          lists,
          recent,
          typed,
          clicksTracked: this.config.TRACK_CLICKS === 'per-subscriber',
        }),
      },
      refusal?.status ?? 200,
    );
  }

  private async detailPage(
    request: Request,
    response: Response,
    campaign: Campaign,
    extras: DetailExtras,
  ) {
    const active = sessionOf(request);
    const list = await this.lists.byId(campaign.listId);
    const progress = await this.sending.progress(campaign);
    const recipients = notStarted(campaign, progress)
      ? ((await this.campaigns.recipientsNow([campaign.listId])).get(campaign.listId) ?? 0)
      : 0;
    // The message as sent, sized; a campaign whose digest cannot be made has none, and says why.
    let unrenderable: string | undefined;
    const sample = await this.testSender.preview(campaign).catch((error: unknown) => {
      unrenderable = renderProblemInArabic(error) ?? NO_ARTICLES;
      return null;
    });
    sendAdminPage(
      response,
      active,
      {
        title: campaign.subject,
        section: 'campaigns',
        notice: extras.notice,
        error: extras.refusal?.message,
        body: campaignDetailView({
          campaign,
          progress,
          reports: await this.sending.reportReasons(campaign),
          listName: list?.name ?? '—',
          recipients,
          sample,
          unrenderable,
          csrfToken: active.session.csrfToken,
          timeZone: this.config.DIGEST_TIMEZONE,
          typed: extras.typed ?? {},
          clicks: await this.campaigns.clicks(campaign),
          subjectTest: await this.subjectTests.view(campaign, progress),
        }),
      },
      extras.refusal?.status ?? 200,
    );
  }
}
