import { ForbiddenException, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * A form only our own pages may post (the request for a link to leave): otherwise any site could
 * make its visitors' browsers send our email to addresses of its choosing. Browsers send Origin
 * with every form post, so it is checked on the request itself; scripts and curl send none and
 * pass, limited like everyone by the rate limits. `Origin: null` (a sandboxed or privacy-stripped
 * page) is refused, as the signup refuses it.
 */
@Injectable()
export class SameOriginMiddleware implements NestMiddleware {
  private readonly publicOrigin: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.publicOrigin = new URL(config.PUBLIC_URL).origin;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const origin = request.headers.origin;
    if (!origin || origin === this.publicOrigin || this.isSameHost(origin, request)) return next();
    throw new ForbiddenException(`Requests from ${origin} are not accepted here.`);
  }

  private isSameHost(origin: string, request: Request): boolean {
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
}
