import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { normalizeEmail } from '../common/email-address.js';
import { invalidFields, parseBody } from '../common/zod-body.js';
import { newCampaignSchema } from './campaign-input.js';
import { CampaignSendingService } from './campaign-sending.service.js';
import {
  CampaignTestSender,
  PREVIEW_CONTENT_SECURITY_POLICY,
} from './campaign-test-sender.service.js';
import { CampaignsService } from './campaigns.service.js';
import { CAMPAIGN_STATUSES } from './entities/campaign.entity.js';
import { SubjectTestService } from './subject-test.service.js';

const pageSchema = z.object({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const testSchema = z.object({ email: z.string().max(320) });
const winnerSchema = z.object({
  subject: z.number({ error: 'must be the index of one of its subjects' }).int().min(0),
});
const sendSchema = z.object({
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' }).optional(),
});

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/campaigns')
export class AdminCampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly sending: CampaignSendingService,
    private readonly testSender: CampaignTestSender,
    private readonly subjectTests: SubjectTestService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Make a draft digest for a list',
    description:
      'articleIds in the order to show them, or the newest of the last sinceHours (default 24, at most maxArticles, default 10).',
  })
  @ApiBody({ schema: z.toJSONSchema(newCampaignSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const campaign = await this.campaigns.create(parseBody(newCampaignSchema, raw));
    return this.campaigns.view(campaign);
  }

  @Get()
  @ApiOperation({
    summary: 'Campaigns, newest first, with their progress; page with ?before=<last id>',
  })
  @ApiQuery({ name: 'status', required: false, enum: CAMPAIGN_STATUSES })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async all(@Query() raw: unknown) {
    const query = parseBody(pageSchema, raw);
    const rows = await this.campaigns.page(query);
    return {
      items: await Promise.all(rows.map((campaign) => this.campaigns.view(campaign))),
      next: rows.length === query.limit ? String(rows[rows.length - 1].id) : null,
    };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A campaign with its progress, its bounce and complaint reports by reason, and (TRACK_CLICKS) what readers clicked',
  })
  async one(@Param('id') id: string) {
    const campaign = await this.campaigns.get(id);
    return {
      ...(await this.campaigns.view(campaign)),
      reports: await this.sending.reportReasons(campaign),
      ...(await this.campaigns.clicksView(campaign)),
    };
  }

  @Post(':id/send')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a draft now, or at a time ({"at": ISO 8601})' })
  @ApiBody({ schema: z.toJSONSchema(sendSchema, { io: 'input' }) as object })
  async send(@Param('id') id: string, @Body() raw: unknown) {
    const body = parseBody(sendSchema, raw ?? {});
    const campaign = await this.campaigns.get(id);
    return this.campaigns.view(
      await this.sending.send(campaign, body.at ? new Date(body.at) : null),
    );
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Pause a sending or scheduled campaign (takes effect within seconds)' })
  async pause(@Param('id') id: string) {
    return this.campaigns.view(await this.sending.pause(await this.campaigns.get(id)));
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Resume a paused campaign' })
  async resume(@Param('id') id: string) {
    return this.campaigns.view(await this.sending.resume(await this.campaigns.get(id)));
  }

  @Post(':id/winner')
  @ApiOperation({
    summary:
      'Choose a subject test\'s winner ({"subject": index}); the rest of the list gets it. 409 once chosen, or when not sending or paused',
  })
  @ApiBody({ schema: z.toJSONSchema(winnerSchema, { io: 'input' }) as object })
  async winner(@Param('id') id: string, @Body() raw: unknown) {
    const body = parseBody(winnerSchema, raw ?? {});
    const campaign = await this.campaigns.get(id);
    return this.campaigns.view(await this.subjectTests.choose(campaign, body.subject));
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Cancel a campaign; what was sent stays sent' })
  async cancel(@Param('id') id: string) {
    return this.campaigns.view(await this.sending.cancel(await this.campaigns.get(id)));
  }

  @Get(':id/preview')
  @ApiOperation({
    summary:
      'The exact HTML a subscriber gets (sample unsubscribe link); ?format=text for the text part',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['html', 'text'] })
  async preview(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res() response: Response,
  ) {
    if (format !== undefined && format !== 'html' && format !== 'text') {
      throw invalidFields({ format: 'must be html or text' });
    }
    const rendered = await this.testSender.preview(await this.campaigns.get(id));
    response.set('Cache-Control', 'no-store');
    if (format === 'text') {
      response.type('text/plain; charset=utf-8').send(rendered.text);
      return;
    }
    // The email's HTML runs no script here: a hostile article cannot act in the editor's session.
    response
      .type('html')
      .set('Content-Security-Policy', PREVIEW_CONTENT_SECURITY_POLICY)
      .send(rendered.html);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send one copy to an address, through the normal mailer' })
  @ApiBody({ schema: z.toJSONSchema(testSchema, { io: 'input' }) as object })
  async test(@Param('id') id: string, @Body() raw: unknown) {
    const checked = normalizeEmail(parseBody(testSchema, raw).email);
    if (!checked.ok) throw invalidFields({ email: checked.reason });
    await this.testSender.send(await this.campaigns.get(id), checked.email);
    return { status: 'sent', to: checked.email };
  }
}
