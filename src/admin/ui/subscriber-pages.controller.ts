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
import { clientInfo } from '../../common/client-info.js';
import { normalizeEmail } from '../../common/email-address.js';
import type { SafeHtml } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ListsService } from '../../subscribers/lists.service.js';
import { noteAuditTarget } from '../../auth/audit.interceptor.js';
import { EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { sessionOf } from '../../auth/request-actor.js';
import { receiveCsvUpload } from '../csv-upload.js';
import { SubscriberAdminService } from '../subscriber-admin.service.js';
import { SubscriberImporter } from '../subscriber-importer.js';
import { sendAdminPage } from './admin-layout.js';
import { noticeFrom, redirectWithNotice } from './notices.js';
import { field } from './form-failure.js';
import {
  addFailure,
  addFormProblem,
  eraseFailure,
  IMPORT_LIST_MISSING,
  importFailure,
} from './subscriber-messages.js';
import {
  type AddFormValues,
  type ImportFormValues,
  type ImportOutcome,
  SUBSCRIBER_STATUSES,
  subscribersPage,
} from './subscriber-views.js';
import { recordId } from '../../common/record-id.js';

const PAGE_SIZE = 50;

interface PageState {
  notice?: string;
  error?: SafeHtml;
  status?: number;
  added?: AddFormValues;
  imported?: ImportFormValues;
  report?: ImportOutcome;
}

/** Subscribers in the browser: search and filter, add, erase, import with a per-row report, export. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin/subscribers')
export class SubscriberPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly admin: SubscriberAdminService,
    private readonly importer: SubscriberImporter,
    private readonly lists: ListsService,
  ) {}

  @Get()
  async search(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.page(request, response, query, { notice: noticeFrom(query) });
  }

  @Post()
  async add(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const typed: AddFormValues = {
      email: field(body, 'email').slice(0, 320),
      name: field(body, 'name').slice(0, 200),
      list: field(body, 'list'),
      confirmed: field(body, 'confirmed') === 'on',
    };
    const checked = normalizeEmail(typed.email);
    const list = await this.lists.bySlug(typed.list);
    if (!checked.ok || !list) {
      const error = addFormProblem(checked.ok ? null : checked.reason);
      await this.page(request, response, {}, { error, status: 422, added: typed });
      return;
    }
    try {
      await this.admin.add(
        { email: checked.email, name: typed.name },
        [list],
        typed.confirmed,
        clientInfo(request).ip,
      );
      redirectWithNotice(response, '/admin/subscribers', 'subscriber-added');
    } catch (error) {
      const failure = addFailure(error);
      await this.page(
        request,
        response,
        {},
        { error: failure.message, status: failure.status, added: typed },
      );
    }
  }

  /**
   * Multipart: the CSRF token travels in the query string, the list and the consent box as fields
   * before the file (or, as the route has always accepted, as ?list= and ?confirmed=on).
   */
  @Post('import')
  async import(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    let typed: ImportFormValues = { list: field(query, 'list'), confirmed: false };
    let report: ImportOutcome | undefined;
    try {
      await receiveCsvUpload(request, async (file, fields) => {
        typed = {
          list: field(fields, 'list') || field(query, 'list'),
          confirmed: (field(fields, 'confirmed') || field(query, 'confirmed')) === 'on',
        };
        const list = typed.list ? await this.lists.bySlug(typed.list) : null;
        if (!list) throw new ListNotChosen();
        noteAuditTarget(request, list.slug);
        const summary = await this.importer.import(file, list, {
          confirmed: typed.confirmed,
          source: 'admin-import',
          ip: clientInfo(request).ip,
        });
        report = { list, confirmed: typed.confirmed, summary };
      });
    } catch (error) {
      const failure = error instanceof ListNotChosen ? IMPORT_LIST_MISSING : importFailure(error);
      await this.page(
        request,
        response,
        {},
        { error: failure.message, status: failure.status, imported: typed },
      );
      return;
    }
    // The list stays chosen for the next file; the consent box does not: it is given per file.
    await this.page(request, response, {}, { report, imported: { ...typed, confirmed: false } });
  }

  @Get('export')
  async export(@Query('status') status: string | undefined, @Res() response: Response) {
    const chosen = SUBSCRIBER_STATUSES.find((value) => value === status);
    response.type('text/csv; charset=utf-8').attachment('subscribers.csv');
    await this.admin.exportCsv(chosen, response);
  }

  @Post(':id/erase')
  async erase(@Param('id') id: string, @Req() request: Request, @Res() response: Response) {
    try {
      await this.admin.erase(recordId(id) ?? 0);
    } catch (error) {
      const failure = eraseFailure(error);
      await this.page(request, response, {}, { error: failure.message, status: failure.status });
      return;
    }
    redirectWithNotice(response, '/admin/subscribers', 'subscriber-erased');
  }

  private async page(request: Request, response: Response, query: unknown, state: PageState) {
    const active = sessionOf(request);
    const lists = await this.lists.all();
    const search = field(query, 'q').slice(0, 254);
    const status = SUBSCRIBER_STATUSES.find((value) => value === field(query, 'status'));
    const list = lists.find((item) => item.slug === field(query, 'list'));
    const before = field(query, 'before');
    const rows = await this.admin.page({
      search: search || undefined,
      status,
      listId: list?.id,
      before: recordId(before) ?? undefined,
      limit: PAGE_SIZE,
    });
    const olderQuery =
      rows.length === PAGE_SIZE
        ? new URLSearchParams({
            ...(search ? { q: search } : {}),
            ...(status ? { status } : {}),
            ...(list ? { list: list.slug } : {}),
            before: String(rows[rows.length - 1].id),
          }).toString()
        : null;
    sendAdminPage(
      response,
      active,
      {
        title: 'المشتركون',
        section: 'subscribers',
        notice: state.notice,
        body: subscribersPage({
          csrfToken: active.session.csrfToken,
          timeZone: this.config.DIGEST_TIMEZONE,
          lists,
          search,
          status,
          list,
          rows,
          olderQuery,
          error: state.error,
          added: state.added,
          imported: state.imported,
          report: state.report,
        }),
      },
      state.status ?? 200,
    );
  }
}

/** The import named no list, or one that does not exist (a stale page after a list was deleted). */
class ListNotChosen extends Error {}
