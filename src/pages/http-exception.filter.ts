import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { BrowserRedirect } from '../common/browser-redirect.js';
import { wantsHtml } from '../common/client-info.js';
import { renderPage } from './page.js';
import { html } from '../common/html.js';
import { TooManyRequests } from '../common/too-many-requests.js';

const ARABIC_TITLES: Record<number, string> = {
  400: 'طلب غير صالح',
  401: 'غير مصرّح',
  403: 'غير مسموح',
  404: 'الصفحة غير موجودة',
  413: 'الطلب أكبر من المسموح',
  415: 'نوع المحتوى غير مدعوم',
  422: 'بيانات غير صالحة',
  429: 'محاولات كثيرة',
  503: 'الخدمة غير متاحة مؤقتاً',
};

/**
 * Every error leaves as JSON (or an Arabic page for a browser). Errors raised by the body parser
 * (too large, malformed JSON) keep their 4xx; anything unexpected is a logged 500 with no details.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly siteName: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const { status, body } = this.describe(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof BrowserRedirect && wantsHtml(request)) {
      response.redirect(303, exception.locationFor(request));
      return;
    }
    if (exception instanceof TooManyRequests) {
      response.set('Retry-After', String(exception.retryAfterSeconds));
    }
    if (wantsHtml(request) && status !== 401) {
      const title = ARABIC_TITLES[status] ?? 'حدث خطأ';
      const page = renderPage({
        title,
        siteName: this.siteName,
        body: html`<h1>${title}</h1>
          <p class="muted" dir="auto">${String(body.message)}</p>`,
      });
      response.status(status).type('html').send(page);
      return;
    }
    response.status(status).json(body);
  }

  private describe(
    exception: unknown,
    request: Request,
  ): { status: number; body: { statusCode: number; message: string; [key: string]: unknown } } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const body =
        typeof payload === 'object' && payload !== null
          ? (payload as { statusCode: number; message: string })
          : { statusCode: status, message: String(payload) };
      return { status, body: { ...body, statusCode: status } };
    }
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus) {
      return {
        status: parserStatus,
        body: { statusCode: parserStatus, message: (exception as Error).message },
      };
    }
    this.logger.error(
      `${request.method} ${request.path}: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    return { status: 500, body: { statusCode: 500, message: 'Internal server error' } };
  }
}

/** body-parser marks its errors with `expose` and a 4xx `status`. */
function bodyParserStatus(exception: unknown): number | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { status, expose } = exception as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500
    ? status
    : null;
}
