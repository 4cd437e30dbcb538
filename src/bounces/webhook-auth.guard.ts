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

/**
 * The bounce webhooks take WEBHOOK_SECRET as a bearer token or in X-Webhook-Secret (what an MTA's
 * pipe script or an ESP's webhook settings can send). Unset, the webhooks are closed.
 */
@Injectable()
export class WebhookAuthGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.WEBHOOK_SECRET ? sha256(config.WEBHOOK_SECRET) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const bearer = bearerToken(request);
    const header = request.headers['x-webhook-secret'];
    const given = bearer ?? (typeof header === 'string' ? header : undefined);
    if (!this.expected) {
      throw new UnauthorizedException(
        'The bounce webhooks are off: set WEBHOOK_SECRET to use them.',
      );
    }
    if (!given || !sameSecret(given, this.expected)) {
      throw new UnauthorizedException(
        'The webhook secret is required, as "Authorization: Bearer <secret>" or "X-Webhook-Secret".',
      );
    }
    return true;
  }
}
