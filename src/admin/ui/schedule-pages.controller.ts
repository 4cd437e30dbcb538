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
import { SafeHtml } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { SCHEDULE_DEFAULTS } from '../../schedules/schedule-rules.js';
import { SchedulesService } from '../../schedules/schedules.service.js';
import { ListsService } from '../../subscribers/lists.service.js';
import { EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { sessionOf } from '../../auth/request-actor.js';
import { sendAdminPage } from './admin-layout.js';
import { noticeFrom, redirectWithNotice } from './notices.js';
import {
  scheduleFormFromBody,
  scheduleFormFromSchedule,
  scheduleInputFrom,
  type ScheduleFormValues,
} from './schedule-form.js';
import { scheduleRefusalInArabic } from './schedule-messages.js';
import { scheduleFormBody, scheduleListBody } from './schedule-views.js';

/** Digest schedules in the browser: the next five runs shown in each schedule's own time zone. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin/schedules')
export class SchedulePagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: SchedulesService,
    private readonly lists: ListsService,
  ) {}

  @Get()
  async all(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    const active = sessionOf(request);
    const views = await Promise.all(
      (await this.schedules.list()).map((schedule) => this.schedules.view(schedule)),
    );
    sendAdminPage(response, active, {
      title: 'جداول النشرات',
      section: 'schedules',
      notice: noticeFrom(query),
      body: scheduleListBody(views, active.session.csrfToken),
    });
  }

  @Get('new')
  async create(@Req() request: Request, @Res() response: Response) {
    const lists = await this.lists.all();
    await this.formPage(request, response, null, {
      ...scheduleFormFromBody({}, this.config.DIGEST_TIMEZONE),
      list: lists.find((list) => list.isDefault)?.slug ?? lists[0]?.slug ?? '',
      time: '07:00',
      subject: 'نشرة {{date}}',
      maxArticles: String(SCHEDULE_DEFAULTS.maxArticles),
      minArticles: String(SCHEDULE_DEFAULTS.minArticles),
      hours: '24',
      active: true,
    });
  }

  @Post()
  async save(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    await this.submit(request, response, null, body);
  }

  @Get(':id/edit')
  async edit(@Param('id') id: string, @Req() request: Request, @Res() response: Response) {
    const view = await this.schedules.view(await this.schedules.get(id));
    await this.formPage(request, response, view.id, scheduleFormFromSchedule(view));
  }

  @Post(':id')
  async update(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    await this.schedules.get(id);
    await this.submit(request, response, id, body);
  }

  @Post(':id/delete')
  async remove(@Param('id') id: string, @Res() response: Response) {
    await this.schedules.remove(id);
    redirectWithNotice(response, '/admin/schedules', 'schedule-deleted');
  }

  private async submit(request: Request, response: Response, id: string | null, body: unknown) {
    const values = scheduleFormFromBody(body, this.config.DIGEST_TIMEZONE);
    const input = scheduleInputFrom(values);
    if (input instanceof SafeHtml) {
      await this.formPage(request, response, id, values, input, 422);
      return;
    }
    try {
      if (id) await this.schedules.update(id, input);
      else await this.schedules.create(input);
      redirectWithNotice(response, '/admin/schedules', 'schedule-saved');
    } catch (error) {
      const refusal = scheduleRefusalInArabic(error);
      await this.formPage(request, response, id, values, refusal.reason, refusal.status);
    }
  }

  private async formPage(
    request: Request,
    response: Response,
    id: string | null,
    values: ScheduleFormValues,
    error?: SafeHtml,
    status = 200,
  ) {
    const active = sessionOf(request);
    sendAdminPage(
      response,
      active,
      {
        title: id ? 'تعديل الجدول' : 'جدول جديد',
        section: 'schedules',
        body: scheduleFormBody({
          id,
          values,
          lists: await this.lists.all(),
          csrfToken: active.session.csrfToken,
          error,
          now: new Date(),
        }),
      },
      status,
    );
  }
}
