import { ForbiddenException, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * Cross-origin signups are accepted only from ALLOWED_ORIGINS. Browsers skip the preflight for
 * form posts, so the Origin header is checked on the request itself, not only in CORS headers.
 */
@Injectable()
export class SignupCorsMiddleware implements NestMiddleware {
  private readonly allowed: Set<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = new Set([new URL(config.PUBLIC_URL).origin, ...config.ALLOWED_ORIGINS]);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const origin = request.headers.origin;
    response.vary('Origin');
    if (!origin || this.isSameOrigin(origin, request)) return next();
    if (!this.allowed.has(origin)) {
      throw new ForbiddenException(`Signups from ${origin} are not allowed (ALLOWED_ORIGINS).`);
    }
    response.set('Access-Control-Allow-Origin', origin);
    if (request.method === 'OPTIONS') {
      response
        .set('Access-Control-Allow-Methods', 'POST')
        .set('Access-Control-Allow-Headers', 'Content-Type, Accept')
        .set('Access-Control-Max-Age', '600')
        .status(204)
        .end();
      return;
    }
    next();
  }

  private isSameOrigin(origin: string, request: Request): boolean {
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
}
