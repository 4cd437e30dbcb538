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
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource, Repository } from 'typeorm';
import { clientInfo } from '../../common/client-info.js';
import { normalizeEmail } from '../../common/email-address.js';
import { html, type SafeHtml } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import type { SubscriberStatus } from '../../subscribers/entities/subscriber.entity.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { sessionOf } from '../accounts/request-actor.js';
import { exportSubscribersCsv } from '../csv-export.js';
import { CsvHeaderError } from '../csv-import.js';
import { receiveCsvUpload } from '../csv-upload.js';
import { SubscriberAdminService } from '../subscriber-admin.service.js';
import { SubscriberImporter, type ImportSummary } from '../subscriber-importer.js';
import {
  arabicNumber,
  arabicTime,
  csrfField,
  noticeFrom,
  redirectWithNotice,
  selectOption,
  sendAdminPage,
  statusBadge,
  STATUS_LABELS,
} from './admin-page.js';
import { field, formFailure } from './form-failure.js';

const STATUSES: SubscriberStatus[] = ['confirmed', 'pending', 'unsubscribed'];
const PAGE_SIZE = 50;

/** Subscribers in the browser: search and filter, add, erase, import with a per-row report, export. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin/subscribers')
export class SubscriberPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly admin: SubscriberAdminService,
    private readonly importer: SubscriberImporter,
    @InjectRepository(MailingList) private readonly lists: Repository<MailingList>,
  ) {}

  @Get()
  async search(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.page(request, response, query, { notice: noticeFrom(query) });
  }

  @Post()
  async add(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const checked = normalizeEmail(field(body, 'email'));
    const list = await this.lists.findOneBy({ slug: field(body, 'list') });
    if (!checked.ok || !list) {
      await this.page(
        request,
        response,
        {},
        {
          error: !checked.ok ? 'عنوان البريد غير صالح.' : 'اختر قائمة.',
          status: 422,
        },
      );
      return;
    }
    try {
      await this.admin.add(
        { email: checked.email, name: field(body, 'name').slice(0, 200) },
        [list],
        field(body, 'confirmed') === 'on',
        clientInfo(request).ip,
      );
      redirectWithNotice(response, '/admin/subscribers', 'subscriber-added');
    } catch (error) {
      const failure = formFailure(error);
      await this.page(request, response, {}, { error: failure.message, status: failure.status });
    }
  }

  /** Multipart: the CSRF token and the options travel in the query string, the file in the body. */
  @Post('import')
  async import(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    const list = await this.lists.findOneBy({ slug: field(query, 'list') });
    if (!list || !request.is('multipart/form-data')) {
      await this.page(request, response, {}, { error: 'اختر قائمة وملف CSV.', status: 422 });
      return;
    }
    let summary: ImportSummary | undefined;
    try {
      await receiveCsvUpload(request, async (file) => {
        summary = await this.importer.import(file, list, {
          confirmed: field(query, 'confirmed') === 'on',
          source: 'admin-import',
          ip: clientInfo(request).ip,
        });
      });
    } catch (error) {
      const message =
        error instanceof CsvHeaderError
          ? error.message
          : error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')
            ? `تعذّرت قراءة الملف: ${error.message}`
            : formFailure(error).message;
      await this.page(request, response, {}, { error: message, status: 422 });
      return;
    }
    await this.page(request, response, {}, { report: summary });
  }

  @Get('export')
  async export(@Query('status') status: string | undefined, @Res() response: Response) {
    const chosen = STATUSES.find((value) => value === status);
    response.type('text/csv; charset=utf-8').attachment('subscribers.csv');
    await exportSubscribersCsv(this.dataSource, chosen, response);
  }

  @Post(':id/erase')
  async erase(@Param('id') id: string, @Res() response: Response) {
    await this.admin.erase(/^\d{1,9}$/.test(id) ? Number(id) : 0);
    redirectWithNotice(response, '/admin/subscribers', 'subscriber-erased');
  }

  private async page(
    request: Request,
    response: Response,
    query: unknown,
    page: { notice?: string; error?: string; status?: number; report?: ImportSummary },
  ) {
    const active = sessionOf(request);
    const csrf = csrfField(active.session.csrfToken);
    const lists = await this.lists.find({ order: { id: 'ASC' } });
    const search = field(query, 'q').slice(0, 254);
    const status = STATUSES.find((value) => value === field(query, 'status'));
    const list = lists.find((item) => item.slug === field(query, 'list'));
    const before = Number(field(query, 'before')) || undefined;
    const rows = await this.admin.page({
      search: search || undefined,
      status,
      listId: list?.id,
      before,
      limit: PAGE_SIZE,
    });
    const nextQuery = new URLSearchParams({
      ...(search ? { q: search } : {}),
      ...(status ? { status } : {}),
      ...(list ? { list: list.slug } : {}),
      before: String(rows.at(-1)?.id ?? ''),
    });
    sendAdminPage(
      response,
      active,
      {
        title: 'المشتركون',
        section: 'subscribers',
        notice: page.notice,
        error: page.error,
        body: html`${page.report ? importReport(page.report) : ''}
          <form method="get" action="/admin/subscribers" class="row card">
            <div>
              <label for="q">بحث بالبريد</label>
              <input id="q" name="q" type="search" value="${search}" />
            </div>
            <div>
              <label for="filter-list">القائمة</label>
              <select id="filter-list" name="list">
                ${selectOption('', 'كل القوائم', list?.slug ?? '')}
                ${lists.map((item) => selectOption(item.slug, item.name, list?.slug))}
              </select>
            </div>
            <div>
              <label for="filter-status">الحالة</label>
              <select id="filter-status" name="status">
                ${selectOption('', 'كل الحالات', status ?? '')}
                ${STATUSES.map((value) => selectOption(value, STATUS_LABELS[value], status))}
              </select>
            </div>
            <button type="submit" class="secondary">عرض</button>
            <a class="button secondary" href="/admin/subscribers/export${status ? `?status=${status}` : ''}">تصدير CSV</a>
          </form>
          <table>
            <thead>
              <tr>
                <th>البريد</th>
                <th>الاسم</th>
                <th>الحالة</th>
                <th>انضمّ</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) => html`<tr>
                  <td class="ltr">${row.email}</td>
                  <td>${row.name}</td>
                  <td>${statusBadge(row.status)}</td>
                  <td>${arabicTime(row.createdAt, this.config.DIGEST_TIMEZONE)}</td>
                  <td>
                    <form
                      method="post"
                      action="/admin/subscribers/${row.id}/erase"
                      data-confirm="محو ${row.email} وكل سجلاته نهائياً؟"
                    >
                      ${csrf}<button class="link" type="submit">محو</button>
                    </form>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${
            rows.length === PAGE_SIZE
              ? html`<p><a href="/admin/subscribers?${nextQuery.toString()}">الأقدم ←</a></p>`
              : ''
          }
          <section class="card">
            <h2>إضافة مشترك</h2>
            <form method="post" action="/admin/subscribers">
              ${csrf}
              <label for="add-email">البريد الإلكتروني</label>
              <input id="add-email" name="email" type="email" required />
              <label for="add-name">الاسم</label>
              <input id="add-name" name="name" type="text" maxlength="200" />
              <label for="add-list">القائمة</label>
              <select id="add-list" name="list">${lists.map((item) => selectOption(item.slug, item.name, undefined))}</select>
              <label class="inline"><input type="checkbox" name="confirmed" /> وافق على الاشتراك خارج الموقع (بلا رسالة تأكيد)</label>
              <p><button type="submit">إضافة</button></p>
            </form>
          </section>
          <section class="card">
            <h2>استيراد من ملف CSV</h2>
            <p class="muted">عمودان: <span class="ltr">email,name</span>. تُتخطّى العناوين الموجودة والمحظورة.</p>
            ${importForm(lists, active.session.csrfToken)}
          </section>`,
      },
      page.status ?? 200,
    );
  }
}

function importForm(lists: MailingList[], csrfToken: string): SafeHtml {
  // One form per list: the body is read as a stream after the guard has run, so the CSRF token
  // and the list travel in the action's query string, not in fields beside the file.
  return html`${lists.map(
    (list) => html`<form
      method="post"
      enctype="multipart/form-data"
      action="/admin/subscribers/import?list=${encodeURIComponent(list.slug)}&_csrf=${encodeURIComponent(csrfToken)}"
      class="row"
    >
      <div>
        <label for="file-${list.slug}">إلى «${list.name}»</label>
        <input id="file-${list.slug}" name="file" type="file" accept=".csv,text/csv" required />
      </div>
      <button type="submit" class="secondary">استيراد</button>
    </form>`,
  )}`;
}

function importReport(report: ImportSummary): SafeHtml {
  return html`<section class="card" id="import-report">
    <h2>نتيجة الاستيراد</h2>
    <p>
      استُورد ${arabicNumber(report.imported)} · تُخطّي ${arabicNumber(report.skipped)} (موجود أو مكرر أو
      محظور) · أخطاء ${arabicNumber(report.errors.length)}
    </p>
    ${
      report.errors.length
        ? html`<table>
          <thead>
            <tr>
              <th>السطر</th>
              <th>البريد</th>
              <th>السبب</th>
            </tr>
          </thead>
          <tbody>
            ${report.errors.slice(0, 500).map(
              (error) => html`<tr>
                <td>${arabicNumber(error.row)}</td>
                <td class="ltr">${error.email}</td>
                <td class="ltr">${error.reason}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : ''
    }
  </section>`;
}
