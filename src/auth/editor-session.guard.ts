import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { BrowserRedirect } from '../common/browser-redirect.js';
import { sameSecret, sha256 } from '../common/secrets.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditLogService } from './audit-log.service.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import { readSessionCookie } from './session-cookie.js';

/** No live session: a browser is sent to the login page, a script gets a 401. */
export class LoginRequired extends BrowserRedirect {
  constructor() {
    super(
      { statusCode: 401, error: 'Unauthorized', message: 'Log in at /admin/login first.' },
      HttpStatus.UNAUTHORIZED,
    );
  }

  /** Back to the page after logging in; a form's target is no page to return to. */
  locationFor(request: Request): string {
    const next = request.method === 'GET' ? request.originalUrl : '/admin';
    return `/admin/login?next=${encodeURIComponent(next)}`;
  }
}

const ADMIN_ONLY = 'nashra:admin-only';
/** The route manages accounts: editors get a 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The editors' pages: a session cookie, and on every state-changing request the session's CSRF
 * token (form field `_csrf`, header `X-CSRF-Token`, or `?_csrf=` for multipart uploads).
 */
@Injectable()
export class EditorSessionGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: EditorSessionsService,
    private readonly reflector: Reflector,
    private readonly audit: AuditLogService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = readSessionCookie(request, this.config);
    const active = token ? await this.sessions.resolve(token) : null;
    if (!active) throw new LoginRequired();
    request.editorSession = active;
    request.actor = {
      editorId: active.editor.id,
      label: active.editor.email,
      role: active.editor.role,
    };
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(request, active.session.csrfToken)) {
      // Refused before any handler runs, so the audit interceptor never sees it: record it here.
      await this.audit.record({
        actor: request.actor,
        action: `${request.method} ${request.path}`.slice(0, 100),
        detail: '403 CSRF token missing or wrong',
        ip: request.ip ?? '',
      });
      throw new ForbiddenException(
        'انتهت صلاحية النموذج أو لم يُرسَل من صفحات نشرة؛ أعد تحميل الصفحة وحاول مجدداً.',
      );
    }
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (adminOnly && active.editor.role !== 'admin') {
      throw new ForbiddenException('إدارة الحسابات للمديرين فقط.');
    }
    return true;
  }
}

function csrfMatches(request: Request, expected: string): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const given =
    (typeof body?._csrf === 'string' && body._csrf) ||
    request.get('x-csrf-token') ||
    (typeof request.query._csrf === 'string' && request.query._csrf) ||
    '';
  return given !== '' && sameSecret(given, sha256(expected));
}
