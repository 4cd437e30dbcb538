import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { AuditLogService } from './audit-log.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request an editor or a token makes is written to the audit log, done or
 * refused: who, which route, on what id, with which outcome. Bodies are not kept (they can hold
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
    const write = (status: number) =>
      void this.audit
        .record({
          actor: request.actor ?? null,
          action: `${request.method} ${routeOf(request)}`,
          target: typeof request.params?.id === 'string' ? request.params.id : '',
          detail: String(status),
          ip: request.ip ?? '',
        })
        .catch((error: unknown) => this.logger.error(`audit log write failed: ${String(error)}`));
    return next.handle().pipe(
      tap({
        next: () => write(context.switchToHttp().getResponse<Response>().statusCode),
        error: (error: unknown) => write(error instanceof HttpException ? error.getStatus() : 500),
      }),
    );
  }
}

function routeOf(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? route : request.path;
}
