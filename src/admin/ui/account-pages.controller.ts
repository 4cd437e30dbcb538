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
import { html, type SafeHtml } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { AuditLogService } from '../accounts/audit-log.service.js';
import { AdminOnly, EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { EditorSessionsService } from '../accounts/editor-sessions.service.js';
import { EditorsService } from '../accounts/editors.service.js';
import { EDITOR_ROLES, type EditorRole } from '../accounts/entities/editor.entity.js';
import { sessionOf } from '../accounts/request-actor.js';
import { setSessionCookie } from '../accounts/session-cookie.js';
import { ApiTokensService } from '../api-tokens.service.js';
import { accountRefusal } from './account-messages.js';
import { accountPage, editorsPage, type NewEditorValues } from './account-views.js';
import { noticeFrom, redirectWithNotice, sendAdminPage } from './admin-page.js';
import { field, singleLineField } from './form-failure.js';

const AUDIT_SHOWN = 50;

interface AccountState {
  notice?: string;
  error?: SafeHtml;
  status?: number;
  newToken?: string;
}

interface EditorsState {
  notice?: string;
  error?: SafeHtml;
  status?: number;
  typed?: NewEditorValues;
}

const NO_SUCH_EDITOR = 'لم نجد هذا الحساب؛ أعد تحميل الصفحة.';

/** An editor's own account (password, API tokens); admins also manage everyone's accounts. */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin')
export class AccountPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly editors: EditorsService,
    private readonly sessions: EditorSessionsService,
    private readonly tokens: ApiTokensService,
    private readonly audit: AuditLogService,
    @InjectRepository(MailingList) private readonly lists: Repository<MailingList>,
  ) {}

  @Get('account')
  async account(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.accountPage(request, response, { notice: noticeFrom(query) });
  }

  @Post('account/password')
  async changePassword(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const { editor } = sessionOf(request);
    if (field(body, 'next') !== field(body, 'repeat')) {
      await this.accountPage(request, response, {
        error: html`كلمتا المرور الجديدتان غير متطابقتين.`,
        status: 422,
      });
      return;
    }
    try {
      await this.editors.changePassword(editor, field(body, 'current'), field(body, 'next'));
    } catch (error) {
      const refusal = accountRefusal(error, NO_SUCH_EDITOR);
      await this.accountPage(request, response, {
        error: refusal.message,
        status: refusal.status,
      });
      return;
    }
    // Every session ended with the change; this browser gets a fresh one.
    const { token } = await this.sessions.start(editor);
    setSessionCookie(response, this.config, token);
    redirectWithNotice(response, '/admin/account', 'password-changed');
  }

  @Post('account/tokens')
  async createToken(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const { editor } = sessionOf(request);
    const name = singleLineField(body, 'name').slice(0, 200);
    if (!name) {
      await this.accountPage(request, response, {
        error: html`سمِّ الرمز (مثلاً: نظام إدارة المحتوى).`,
        status: 422,
      });
      return;
    }
    const made = await this.tokens.create(name, editor.id);
    // Shown on this response only: it is not stored anywhere we could show it again.
    await this.accountPage(request, response, { newToken: made.token, status: 201 });
  }

  @Post('account/tokens/:id/revoke')
  async revokeToken(@Param('id') id: string, @Req() request: Request, @Res() response: Response) {
    try {
      await this.tokens.revoke(/^\d{1,9}$/.test(id) ? Number(id) : 0, sessionOf(request).editor.id);
    } catch (error) {
      const refusal = accountRefusal(error, 'لم نجد هذا الرمز بين رموزك، أو أنه أُبطل من قبل.');
      await this.accountPage(request, response, {
        error: refusal.message,
        status: refusal.status,
      });
      return;
    }
    redirectWithNotice(response, '/admin/account', 'token-revoked');
  }

  @Get('editors')
  @AdminOnly()
  async editorsPage(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.editorsList(request, response, { notice: noticeFrom(query) });
  }

  @Post('editors')
  @AdminOnly()
  async createEditor(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const typed: NewEditorValues = {
      email: field(body, 'email').slice(0, 320),
      name: field(body, 'name').slice(0, 200),
      role: field(body, 'role') === 'admin' ? 'admin' : 'editor',
    };
    try {
      await this.editors.create({ ...typed, password: field(body, 'password') });
      redirectWithNotice(response, '/admin/editors', 'editor-saved');
    } catch (error) {
      const refusal = accountRefusal(error, NO_SUCH_EDITOR);
      await this.editorsList(request, response, {
        error: refusal.message,
        status: refusal.status,
        typed,
      });
    }
  }

  @Post('editors/:id')
  @AdminOnly()
  async updateEditor(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const role = field(body, 'role');
    const disabled = field(body, 'disabled') === 'on';
    const password = field(body, 'password');
    try {
      const target = await this.editors.get(/^\d{1,9}$/.test(id) ? Number(id) : 0);
      const self = sessionOf(request).editor.id === target.id;
      if (self && (role !== target.role || disabled)) {
        await this.editorsList(request, response, {
          error: html`لا يمكنك تعطيل حسابك أو تغيير دورك بنفسك؛ اطلب ذلك من مدير آخر.`,
          status: 422,
        });
        return;
      }
      // The password first: it is the only part that can be refused, and a refused form changes nothing.
      if (password) await this.editors.setPassword(target.id, password);
      if ((EDITOR_ROLES as readonly string[]).includes(role)) {
        await this.editors.setRole(target.id, role as EditorRole);
      }
      await this.editors.setDisabled(target.id, disabled);
      redirectWithNotice(response, '/admin/editors', 'editor-saved');
    } catch (error) {
      const refusal = accountRefusal(error, NO_SUCH_EDITOR);
      await this.editorsList(request, response, {
        error: refusal.message,
        status: refusal.status,
      });
    }
  }

  private async accountPage(request: Request, response: Response, page: AccountState) {
    const active = sessionOf(request);
    sendAdminPage(
      response,
      active,
      {
        title: 'حسابي',
        section: 'account',
        notice: page.notice,
        body: accountPage({
          csrfToken: active.session.csrfToken,
          timeZone: this.config.DIGEST_TIMEZONE,
          tokens: await this.tokens.list(active.editor.id),
          error: page.error,
          newToken: page.newToken,
        }),
      },
      page.status ?? 200,
    );
  }

  private async editorsList(request: Request, response: Response, page: EditorsState) {
    const active = sessionOf(request);
    const [editors, audit, lists] = await Promise.all([
      this.editors.list(),
      this.audit.latest(AUDIT_SHOWN),
      this.lists.find({ order: { id: 'ASC' } }),
    ]);
    sendAdminPage(
      response,
      active,
      {
        title: 'المحررون',
        section: 'editors',
        notice: page.notice,
        body: editorsPage({
          csrfToken: active.session.csrfToken,
          editors,
          audit,
          auditContext: {
            timeZone: this.config.DIGEST_TIMEZONE,
            listNames: new Map(lists.map((list) => [list.slug, list.name])),
            editorEmails: new Map(editors.map((editor) => [String(editor.id), editor.email])),
          },
          error: page.error,
          typed: page.typed,
        }),
      },
      page.status ?? 200,
    );
  }
}
