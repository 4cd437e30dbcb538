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
import { html } from '../../common/html.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AuditLogService } from '../accounts/audit-log.service.js';
import { AdminOnly, EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { EditorSessionsService } from '../accounts/editor-sessions.service.js';
import { EditorsService } from '../accounts/editors.service.js';
import { EDITOR_ROLES, type EditorRole } from '../accounts/entities/editor.entity.js';
import { sessionOf } from '../accounts/request-actor.js';
import { setSessionCookie } from '../accounts/session-cookie.js';
import { ApiTokensService } from '../api-tokens.service.js';
import {
  arabicTime,
  csrfField,
  noticeFrom,
  redirectWithNotice,
  selectOption,
  sendAdminPage,
} from './admin-page.js';
import { field, formFailure, singleLineField } from './form-failure.js';

const ROLE_LABELS: Record<EditorRole, string> = { admin: 'مدير', editor: 'محرّر' };

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
        error: 'كلمتا المرور الجديدتان غير متطابقتين.',
        status: 422,
      });
      return;
    }
    try {
      await this.editors.changePassword(editor, field(body, 'current'), field(body, 'next'));
    } catch (error) {
      const failure = formFailure(error);
      await this.accountPage(request, response, { error: failure.message, status: failure.status });
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
        error: 'سمِّ الرمز (مثلاً: نظام إدارة المحتوى).',
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
    await this.tokens.revoke(Number(id) || 0, sessionOf(request).editor.id);
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
    const role = field(body, 'role') === 'admin' ? 'admin' : 'editor';
    try {
      await this.editors.create({
        email: field(body, 'email'),
        name: field(body, 'name').slice(0, 200),
        role,
        password: field(body, 'password'),
      });
      redirectWithNotice(response, '/admin/editors', 'editor-saved');
    } catch (error) {
      const failure = formFailure(error);
      await this.editorsList(request, response, { error: failure.message, status: failure.status });
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
    const target = await this.editors.get(Number(id));
    const self = sessionOf(request).editor.id === target.id;
    const role = field(body, 'role');
    const disabled = field(body, 'disabled') === 'on';
    if (self && (role !== target.role || disabled)) {
      await this.editorsList(request, response, {
        error: 'لا يمكنك تعطيل حسابك أو تغيير دورك بنفسك؛ اطلب ذلك من مدير آخر.',
        status: 422,
      });
      return;
    }
    try {
      if ((EDITOR_ROLES as readonly string[]).includes(role)) {
        await this.editors.setRole(target.id, role as EditorRole);
      }
      await this.editors.setDisabled(target.id, disabled);
      const password = field(body, 'password');
      if (password) await this.editors.setPassword(target.id, password);
      redirectWithNotice(response, '/admin/editors', 'editor-saved');
    } catch (error) {
      const failure = formFailure(error);
      await this.editorsList(request, response, { error: failure.message, status: failure.status });
    }
  }

  private async accountPage(
    request: Request,
    response: Response,
    page: { notice?: string; error?: string; newToken?: string; status?: number },
  ) {
    const active = sessionOf(request);
    const csrf = csrfField(active.session.csrfToken);
    const tokens = await this.tokens.list(active.editor.id);
    sendAdminPage(
      response,
      active,
      {
        title: 'حسابي',
        section: 'account',
        notice: page.notice,
        error: page.error,
        body: html`<section class="card">
            <h2>تغيير كلمة المرور</h2>
            <form method="post" action="/admin/account/password">
              ${csrf}
              <label for="current">كلمة المرور الحالية</label>
              <input id="current" name="current" type="password" autocomplete="current-password" required />
              <label for="next">كلمة المرور الجديدة (10 أحرف على الأقل)</label>
              <input id="next" name="next" type="password" autocomplete="new-password" minlength="10" required />
              <label for="repeat">أعد كتابتها</label>
              <input id="repeat" name="repeat" type="password" autocomplete="new-password" required />
              <p><button type="submit">تغيير كلمة المرور</button></p>
            </form>
            <p class="muted">بعد التغيير تخرج كل جلساتك على الأجهزة الأخرى.</p>
          </section>
          <section class="card">
            <h2>رموز الواجهة البرمجية</h2>
            <p class="muted">
              لنظام إدارة المحتوى أو السكربتات: تُرسل في الترويسة
              <span class="ltr">Authorization: Bearer …</span> وتعمل باسمك.
            </p>
            ${
              page.newToken
                ? html`<p class="notice" role="status">انسخ الرمز الآن؛ لن يظهر مرة أخرى:</p>
                  <p class="secret" id="new-token">${page.newToken}</p>`
                : ''
            }
            ${
              tokens.length
                ? html`<table>
                  <thead>
                    <tr>
                      <th>الاسم</th>
                      <th>أُنشئ</th>
                      <th>آخر استخدام</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${tokens.map(
                      (token) => html`<tr>
                        <td>${token.name}</td>
                        <td>${arabicTime(token.createdAt, this.config.DIGEST_TIMEZONE)}</td>
                        <td>${arabicTime(token.lastUsedAt, this.config.DIGEST_TIMEZONE)}</td>
                        <td>
                          ${
                            token.revokedAt
                              ? 'مُبطَل'
                              : html`<form method="post" action="/admin/account/tokens/${token.id}/revoke">
                                ${csrf}<button class="link" type="submit">إبطال</button>
                              </form>`
                          }
                        </td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`
                : ''
            }
            <form method="post" action="/admin/account/tokens" class="row">
              ${csrf}
              <div>
                <label for="token-name">اسم الرمز الجديد</label>
                <input id="token-name" name="name" type="text" maxlength="200" required />
              </div>
              <button type="submit" class="secondary">إنشاء رمز</button>
            </form>
          </section>`,
      },
      page.status ?? 200,
    );
  }

  private async editorsList(
    request: Request,
    response: Response,
    page: { notice?: string; error?: string; status?: number },
  ) {
    const active = sessionOf(request);
    const csrf = csrfField(active.session.csrfToken);
    const [editors, audit] = await Promise.all([this.editors.list(), this.audit.latest(50)]);
    const roleOptions = (chosen: string) =>
      EDITOR_ROLES.map((role) => selectOption(role, ROLE_LABELS[role], chosen));
    sendAdminPage(
      response,
      active,
      {
        title: 'المحررون',
        section: 'editors',
        notice: page.notice,
        error: page.error,
        body: html`<table>
            <thead>
              <tr>
                <th>البريد</th>
                <th>الاسم</th>
                <th>الدور والحالة</th>
              </tr>
            </thead>
            <tbody>
              ${editors.map(
                (editor) => html`<tr>
                  <td class="ltr">${editor.email}</td>
                  <td>${editor.name}</td>
                  <td>
                    <form method="post" action="/admin/editors/${editor.id}" class="row">
                      ${csrf}
                      <select name="role" aria-label="الدور">${roleOptions(editor.role)}</select>
                      <label class="inline">
                        <input type="checkbox" name="disabled" ${editor.disabledAt ? html`checked` : ''} /> معطَّل
                      </label>
                      <input name="password" type="password" autocomplete="new-password" placeholder="كلمة مرور جديدة (اختياري)" aria-label="كلمة مرور جديدة" />
                      <button class="secondary" type="submit">حفظ</button>
                    </form>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
          <section class="card">
            <h2>حساب جديد</h2>
            <form method="post" action="/admin/editors">
              ${csrf}
              <label for="new-email">البريد الإلكتروني</label>
              <input id="new-email" name="email" type="email" required />
              <label for="new-name">الاسم</label>
              <input id="new-name" name="name" type="text" />
              <label for="new-role">الدور</label>
              <select id="new-role" name="role">${roleOptions('editor')}</select>
              <label for="new-password">كلمة المرور المبدئية (10 أحرف على الأقل)</label>
              <input id="new-password" name="password" type="password" autocomplete="new-password" required />
              <p><button type="submit">إنشاء الحساب</button></p>
            </form>
          </section>
          <h2>سجل التدقيق (آخر 50)</h2>
          <table>
            <thead>
              <tr>
                <th>الوقت</th>
                <th>من</th>
                <th>ماذا</th>
                <th>على</th>
                <th>النتيجة</th>
              </tr>
            </thead>
            <tbody>
              ${audit.map(
                (entry) => html`<tr>
                  <td>${arabicTime(entry.createdAt, this.config.DIGEST_TIMEZONE)}</td>
                  <td class="ltr">${entry.actor}</td>
                  <td class="ltr">${entry.action}</td>
                  <td class="ltr">${entry.target}</td>
                  <td class="ltr">${entry.detail}</td>
                </tr>`,
              )}
            </tbody>
          </table>`,
      },
      page.status ?? 200,
    );
  }
}
