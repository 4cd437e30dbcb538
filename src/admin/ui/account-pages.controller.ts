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
import { ApiTokensService } from '../../auth/api-tokens.service.js';
import { AuditLogService } from '../../auth/audit-log.service.js';
import { AdminOnly, EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { EditorSessionsService } from '../../auth/editor-sessions.service.js';
import { EditorsService } from '../../auth/editors.service.js';
import { sessionOf } from '../../auth/request-actor.js';
import { setSessionCookie } from '../../auth/session-cookie.js';
import type { SafeHtml } from '../../common/html.js';
import { recordId } from '../../common/record-id.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ListsService } from '../../subscribers/lists.service.js';
import {
  type AccountRefusal,
  accountRefusal,
  NO_SUCH_EDITOR,
  NO_SUCH_TOKEN,
  PASSWORDS_DIFFER,
  TOKEN_NAME_MISSING,
} from './account-messages.js';
import { accountPage, editorsPage, type NewEditorValues } from './account-views.js';
import { sendAdminPage } from './admin-layout.js';
import { field, singleLineField } from './form-failure.js';
import { noticeFrom, redirectWithNotice } from './notices.js';

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
    private readonly lists: ListsService,
  ) {}

  @Get('account')
  async account(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.accountPage(request, response, { notice: noticeFrom(query) });
  }

  @Post('account/password')
  async changePassword(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const { editor } = sessionOf(request);
    if (field(body, 'next') !== field(body, 'repeat')) {
      await this.accountPage(request, response, refused(PASSWORDS_DIFFER));
      return;
    }
    try {
      await this.editors.changePassword(editor, field(body, 'current'), field(body, 'next'));
    } catch (error) {
      await this.accountPage(request, response, refused(accountRefusal(error, NO_SUCH_EDITOR)));
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
      await this.accountPage(request, response, refused(TOKEN_NAME_MISSING));
      return;
    }
    const made = await this.tokens.create(name, editor.id);
    // Shown on this response only: it is not stored anywhere we could show it again.
    await this.accountPage(request, response, { newToken: made.token, status: 201 });
  }

  @Post('account/tokens/:id/revoke')
  async revokeToken(@Param('id') id: string, @Req() request: Request, @Res() response: Response) {
    try {
      await this.tokens.revoke(recordId(id) ?? 0, sessionOf(request).editor.id);
    } catch (error) {
      await this.accountPage(request, response, refused(accountRefusal(error, NO_SUCH_TOKEN)));
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
      await this.editorsList(request, response, {
        ...refused(accountRefusal(error, NO_SUCH_EDITOR)),
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
    try {
      await this.editors.changeAccount(sessionOf(request).editor.id, recordId(id) ?? 0, {
        role: field(body, 'role'),
        disabled: field(body, 'disabled') === 'on',
        password: field(body, 'password'),
      });
      redirectWithNotice(response, '/admin/editors', 'editor-saved');
    } catch (error) {
      await this.editorsList(request, response, refused(accountRefusal(error, NO_SUCH_EDITOR)));
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
      this.lists.all(),
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

/** A refusal as the page state that shows it. */
function refused(refusal: AccountRefusal): { error: SafeHtml; status: number } {
  return { error: refusal.message, status: refusal.status };
}
