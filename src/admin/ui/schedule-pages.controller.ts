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
import { html } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { SchedulesService } from '../../schedules/schedules.service.js';
import { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { sessionOf } from '../accounts/request-actor.js';
import {
  arabicNumber,
  csrfField,
  noticeFrom,
  redirectWithNotice,
  selectOption,
  sendAdminPage,
} from './admin-page.js';
import { formFailure } from './form-failure.js';
import {
  scheduleFormFromBody,
  scheduleFormFromSchedule,
  scheduleInputFrom,
  type ScheduleFormValues,
  TIMEZONES,
  WEEKDAYS,
} from './schedule-form.js';

/** Digest schedules in the browser: the next five runs shown in each schedule's own time zone. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin/schedules')
export class SchedulePagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: SchedulesService,
    @InjectRepository(MailingList) private readonly lists: Repository<MailingList>,
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
      body: html`<p><a class="button" href="/admin/schedules/new">جدول جديد</a></p>
        ${
          views.length
            ? views.map(
                (view) => html`<section class="card">
                <h2>${view.subject}</h2>
                <p class="muted">
                  القائمة: ${view.list ?? '—'} · <span class="ltr">${view.cron}</span> ·
                  ${view.timezone} · ${view.active ? 'مفعَّل' : 'معطَّل'} · أقصى
                  ${arabicNumber(view.maxArticles)} مقالات، وأدنى ${arabicNumber(view.minArticles)}
                </p>
                <p>المواعيد القادمة (بتوقيت ${view.timezone}):</p>
                <ol class="next-runs">
                  ${view.nextRuns.map((run) => html`<li><time datetime="${run.at}">${run.local}</time></li>`)}
                </ol>
                <div class="actions">
                  <a class="button secondary" href="/admin/schedules/${view.id}/edit">تعديل</a>
                  <form
                    method="post"
                    action="/admin/schedules/${view.id}/delete"
                    data-confirm="حذف هذا الجدول؟ لن تُرسل نشراته بعد الآن."
                  >
                    ${csrfField(active.session.csrfToken)}
                    <button class="secondary" type="submit">حذف</button>
                  </form>
                </div>
              </section>`,
              )
            : html`<p class="muted">لا جداول بعد.</p>`
        }`,
    });
  }

  @Get('new')
  async create(@Req() request: Request, @Res() response: Response) {
    const lists = await this.lists.find({ order: { id: 'ASC' } });
    await this.formPage(request, response, null, {
      ...scheduleFormFromBody({}, this.config.DIGEST_TIMEZONE),
      list: lists.find((list) => list.isDefault)?.slug ?? lists[0]?.slug ?? '',
      time: '07:00',
      subject: 'نشرة {{date}}',
      maxArticles: '10',
      minArticles: '1',
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
    if (typeof input === 'string') {
      await this.formPage(request, response, id, values, input, 422);
      return;
    }
    try {
      if (id) await this.schedules.update(id, input);
      else await this.schedules.create(input);
      redirectWithNotice(response, '/admin/schedules', 'schedule-saved');
    } catch (error) {
      const failure = formFailure(error);
      await this.formPage(request, response, id, values, failure.message, failure.status);
    }
  }

  private async formPage(
    request: Request,
    response: Response,
    id: string | null,
    values: ScheduleFormValues,
    error?: string,
    status = 200,
  ) {
    const active = sessionOf(request);
    const lists = await this.lists.find({ order: { id: 'ASC' } });
    const zones = TIMEZONES.includes(values.timezone) ? TIMEZONES : [values.timezone, ...TIMEZONES];
    sendAdminPage(
      response,
      active,
      {
        title: id ? 'تعديل الجدول' : 'جدول جديد',
        section: 'schedules',
        error,
        body: html`<form method="post" action="/admin/schedules${id ? `/${id}` : ''}" class="card">
          ${csrfField(active.session.csrfToken)}
          <label for="list">القائمة</label>
          <select id="list" name="list">
            ${lists.map((list) => selectOption(list.slug, list.name, values.list))}
          </select>
          <label for="frequency">التكرار</label>
          <select id="frequency" name="frequency">
            ${selectOption('daily', 'كل يوم', values.frequency)}
            ${selectOption('weekly', 'كل أسبوع', values.frequency)}
            ${selectOption('custom', 'تعبير cron (متقدّم)', values.frequency)}
          </select>
          <div class="row">
            <div>
              <label for="time">الساعة</label>
              <input id="time" name="time" type="time" value="${values.time}" />
            </div>
            <div>
              <label for="weekday">اليوم (للتكرار الأسبوعي)</label>
              <select id="weekday" name="weekday">
                ${WEEKDAYS.map((day, index) => selectOption(String(index), day, values.weekday))}
              </select>
            </div>
          </div>
          <label for="cron">تعبير cron (للتكرار المتقدّم)</label>
          <input id="cron" name="cron" type="text" class="ltr" value="${values.cron}" placeholder="0 7 * * 1-5" />
          <label for="timezone">المنطقة الزمنية</label>
          <select id="timezone" name="timezone">
            ${zones.map((zone) => selectOption(zone, zone, values.timezone))}
          </select>
          <label for="subject">عنوان الرسالة</label>
          <input id="subject" name="subject" type="text" maxlength="300" value="${values.subject}" required />
          <p class="muted">يُستبدل <span class="ltr">{{date}}</span> بتاريخ يوم الإرسال.</p>
          <label>المقالات</label>
          <label class="inline">
            <input type="radio" name="window" value="last" ${values.window === 'last' ? html`checked` : ''} />
            ما نُشر منذ النشرة السابقة
          </label>
          <label class="inline">
            <input type="radio" name="window" value="hours" ${values.window === 'hours' ? html`checked` : ''} />
            ما نُشر في آخر
            <input type="number" name="hours" min="1" max="744" value="${values.hours}" aria-label="عدد الساعات" />
            ساعة
          </label>
          <div class="row">
            <div>
              <label for="maxArticles">أقصى عدد</label>
              <input id="maxArticles" name="maxArticles" type="number" min="1" max="50" value="${values.maxArticles}" />
            </div>
            <div>
              <label for="minArticles">أدنى عدد (أقل منه: لا نشرة ذلك اليوم)</label>
              <input id="minArticles" name="minArticles" type="number" min="0" max="50" value="${values.minArticles}" />
            </div>
          </div>
          <label class="inline">
            <input type="checkbox" name="active" ${values.active ? html`checked` : ''} /> مفعَّل
          </label>
          <p><button type="submit">حفظ الجدول</button></p>
        </form>`,
      },
      status,
    );
  }
}
