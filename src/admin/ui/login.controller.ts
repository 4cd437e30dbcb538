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
import { EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { LoginService } from '../../auth/login.service.js';
import { sessionOf } from '../../auth/request-actor.js';
import { fromOurOrigin } from '../../auth/request-origin.js';
import {
  clearSessionCookie,
  readSessionCookie,
  setSessionCookie,
} from '../../auth/session-cookie.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { sendAdminDocument } from './admin-layout.js';
import { LOGIN_FAILURES, type LoginFailure, loginPage } from './login-view.js';

@ApiExcludeController()
@Controller('admin')
export class LoginController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly login: LoginService,
  ) {}

  @Get('login')
  form(@Query('next') next: unknown, @Res() response: Response): void {
    sendAdminDocument(response, 200, 'الدخول', loginPage({ next: safeNext(next) }));
  }

  @Post('login')
  @HttpCode(200)
  async logIn(@Body() body: unknown, @Req() request: Request, @Res() response: Response) {
    const { email, password, next } = (body ?? {}) as Record<string, unknown>;
    const target = safeNext(next);
    const refuse = (failure: LoginFailure) => {
      const { status, message } = LOGIN_FAILURES[failure];
      // A refused login shows the address again; the password is never sent back.
      const typed = typeof email === 'string' ? email.trim().slice(0, 320) : '';
      sendAdminDocument(
        response,
        status,
        'الدخول',
        loginPage({ next: target, error: message, email: typed }),
      );
    };
    // A login posted from another site is refused (login CSRF); no Origin at all is an old browser.
    if (fromOurOrigin(request, this.config) === false) return refuse('cross-site');
    const outcome = await this.login.logIn({ email, password, ip: request.ip ?? '' });
    if ('refused' in outcome) {
      if (outcome.refused.code === 'throttled') {
        response.set('Retry-After', String(outcome.refused.retryAfterSeconds));
      }
      return refuse(outcome.refused.code);
    }
    setSessionCookie(response, this.config, outcome.token);
    response.redirect(303, target);
  }

  @Post('logout')
  @UseGuards(EditorSessionGuard)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    sessionOf(request);
    await this.login.logOut(readSessionCookie(request, this.config));
    clearSessionCookie(response, this.config);
    response.redirect(303, '/admin/login');
  }
}

/** Only a path of ours: an open redirect would send a freshly logged-in editor anywhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-/?=&.%]*)?$/.test(next) ? next : '/admin';
}
