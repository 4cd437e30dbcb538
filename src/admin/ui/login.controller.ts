import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { html } from '../../common/html.js';
import { RateLimiter, TooManyRequests } from '../../common/rate-limiter.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AuditLogService } from '../accounts/audit-log.service.js';
import { EditorSessionGuard } from '../accounts/editor-session.guard.js';
import { EditorSessionsService } from '../accounts/editor-sessions.service.js';
import { EditorsService } from '../accounts/editors.service.js';
import { sessionOf } from '../accounts/request-actor.js';
import { fromOurOrigin } from '../accounts/request-origin.js';
import {
  clearSessionCookie,
  readSessionCookie,
  setSessionCookie,
} from '../accounts/session-cookie.js';
import { sendAdminDocument } from './admin-page.js';

const WINDOW_SECONDS = 15 * 60;
const PER_EMAIL = 10;
const PER_IP = 50;

@ApiExcludeController()
@Controller('admin')
export class LoginController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly editors: EditorsService,
    private readonly sessions: EditorSessionsService,
    private readonly audit: AuditLogService,
    private readonly limiter: RateLimiter,
  ) {}

  @Get('login')
  form(@Query('next') next: unknown, @Res() response: Response): void {
    this.page(response, 200, safeNext(next));
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: Request, @Res() response: Response) {
    const { email, password, next } = (body ?? {}) as Record<string, unknown>;
    const target = safeNext(next);
    // A refused login shows the address again; the password is never sent back.
    const typed = typeof email === 'string' ? email.trim().slice(0, 320) : '';
    // A login posted from another site is refused (login CSRF); no Origin at all is an old browser.
    if (fromOurOrigin(request, this.config) === false) {
      this.page(response, 403, target, 'أُرسل النموذج من موقع آخر.', typed);
      return;
    }
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
      this.page(response, 422, target, 'اكتب بريدك الإلكتروني وكلمة المرور.', typed);
      return;
    }
    // Failed attempts are counted, per address and per client; at the limit even the right
    // password waits out the window, so guessing gains nothing.
    const counters = [
      { key: `login:ip:${request.ip ?? ''}`, limit: PER_IP },
      { key: `login:email:${email.trim().toLowerCase().slice(0, 320)}`, limit: PER_EMAIL },
    ];
    try {
      await this.limiter.check(counters);
    } catch (error) {
      if (!(error instanceof TooManyRequests)) throw error;
      response.set('Retry-After', String(error.retryAfterSeconds));
      this.page(response, 429, target, 'محاولات كثيرة. انتظر قليلاً ثم حاول مجدداً.', typed);
      return;
    }
    const editor = await this.editors.authenticate(email, password.slice(0, 1024));
    if (!editor) {
      await this.limiter.hitAll(counters, WINDOW_SECONDS).catch((error: unknown) => {
        if (!(error instanceof TooManyRequests)) throw error;
      });
      await this.audit.record({
        actor: null,
        action: 'login failed',
        target: email.slice(0, 320),
        ip: request.ip ?? '',
      });
      this.page(response, 401, target, 'البريد الإلكتروني أو كلمة المرور غير صحيحة.', typed);
      return;
    }
    const { token } = await this.sessions.start(editor);
    await this.audit.record({
      actor: { editorId: editor.id, label: editor.email, role: editor.role },
      action: 'login',
      ip: request.ip ?? '',
    });
    setSessionCookie(response, this.config, token);
    response.redirect(303, target);
  }

  @Post('logout')
  @UseGuards(EditorSessionGuard)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    sessionOf(request);
    const token = readSessionCookie(request, this.config);
    if (token) await this.sessions.end(token);
    clearSessionCookie(response, this.config);
    response.redirect(303, '/admin/login');
  }

  private page(response: Response, status: number, next: string, error?: string, email = ''): void {
    sendAdminDocument(
      response,
      status,
      'الدخول',
      html`<main class="login">
            <section class="card">
              <h1>الدخول إلى نشرة</h1>
              ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
              <form method="post" action="/admin/login">
                <input type="hidden" name="next" value="${next}" />
                <label for="email">البريد الإلكتروني</label>
                <input
                  id="email"
                  name="email"
                  type="email"
                  dir="ltr"
                  autocomplete="username"
                  value="${email}"
                  ${email ? '' : html`autofocus`}
                  required
                />
                <label for="password">كلمة المرور</label>
                <input
                  id="password"
                  name="password"
                  type="password"
                  autocomplete="current-password"
                  ${email ? html`autofocus` : ''}
                  required
                />
                <p><button type="submit">دخول</button></p>
              </form>
            </section>
          </main>`,
    );
  }
}

/** Only a path of ours: an open redirect would send a freshly logged-in editor anywhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-/?=&.%]*)?$/.test(next) ? next : '/admin';
}
