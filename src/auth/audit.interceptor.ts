import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, type Observable, throwError } from 'rxjs';
import { AuditLogService } from './audit-log.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'express-serve-static-core' {
  interface Request {
    /** What the handler acted on, when no :id in the path says it (an import names its list). */
    auditTarget?: string;
  }
}

/** Names what this request acted on, for the audit log (a list's slug for an import). */
export function noteAuditTarget(request: Request, target: string): void {
  request.auditTarget = target;
}

/**
 * Every state-changing request an editor or a token makes is written to the audit log, done or
 * refused: who, which route, on what, with which outcome. Bodies are not kept (they can hold
 * passwords and subscriber data).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditLogService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(request.method) || !request.actor) return next.handle();
    // Written before the answer leaves (where the handler does not send it itself), so whoever
    // reads the log next sees it; a failed write is logged and does not fail the request.
    const write = (status: number) =>
      this.audit
        .record({
          actor: request.actor ?? null,
          action: `${request.method} ${routeOf(request)}`,
          target: targetOf(request),
          detail: String(status),
          ip: request.ip ?? '',
        })
        .catch((error: unknown) => this.logger.error(`audit log write failed: ${String(error)}`));
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await write(context.switchToHttp().getResponse<Response>().statusCode);
        return value;
      }),
      catchError((error: unknown) =>
        from(write(error instanceof HttpException ? error.getStatus() : 500)).pipe(
          concatMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}

/**
 * The route as declared, with its words filled in (`/admin/campaigns/:id/pause`, not
 * `…/:id/:action`) so the log says what was done; `:id` stays, since the id is the target.
 */
function routeOf(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return request.path;
  return route.replace(/:(\w+)/g, (placeholder, name: string) => {
    const value = (request.params as Record<string, unknown> | undefined)?.[name];
    return name === 'id' || typeof value !== 'string' ? placeholder : value;
  });
}

/** On what: the handler's word, else the :id of the path, else the ?list= an API import names. */
function targetOf(request: Request): string {
  if (request.auditTarget) return request.auditTarget;
  if (typeof request.params?.id === 'string') return request.params.id;
  const list = (request.query as Record<string, unknown> | undefined)?.list;
  return typeof list === 'string' ? list : '';
}
