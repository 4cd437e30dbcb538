import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken, sameSecret, sha256 } from '../common/secrets.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import './request-actor.js';
import { ApiTokensService } from './api-tokens.service.js';

/**
 * A bearer token: ADMIN_TOKEN (the bootstrap token, compared in constant time) or an editor's
 * token made with `npm run cli -- tokens:create`. Anything else is a 401.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly bootstrap: Buffer | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: ApiTokensService,
  ) {
    this.bootstrap = config.ADMIN_TOKEN ? sha256(config.ADMIN_TOKEN) : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request);
    if (token && this.bootstrap && sameSecret(token, this.bootstrap)) {
      request.actor = { editorId: null, label: 'ADMIN_TOKEN', role: 'admin' };
      return true;
    }
    const actor = token ? await this.tokens.verify(token) : null;
    if (actor) {
      request.actor = actor;
      return true;
    }
    throw new UnauthorizedException('A valid "Authorization: Bearer <token>" header is required.');
  }
}
