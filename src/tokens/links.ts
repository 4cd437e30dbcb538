import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TokenService } from '../tokens/token.service.js';

/** Every link an email carries back to Nashra, each with its signed token. */
@Injectable()
export class Links {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  confirm(subscriberId: number, consentId: number, now = Date.now()): string {
    const expiresAt = Math.floor(now / 1000 + this.config.CONFIRM_TOKEN_TTL_HOURS * 3600);
    const token = this.tokens.sign({ purpose: 'confirm', subscriberId, ref: consentId, expiresAt });
    return `${this.config.PUBLIC_URL}/confirm/${token}`;
  }

  /** listId 0 leaves every list. */
  unsubscribe(subscriberId: number, listId = 0): string {
    const token = this.tokens.sign({
      purpose: 'unsubscribe',
      subscriberId,
      ref: listId,
      expiresAt: 0,
    });
    return `${this.config.PUBLIC_URL}/unsubscribe/${token}`;
  }

  preferences(subscriberId: number): string {
    const token = this.tokens.sign({ purpose: 'preferences', subscriberId, ref: 0, expiresAt: 0 });
    return `${this.config.PUBLIC_URL}/preferences/${token}`;
  }

  /** The host emails name themselves after (Message-ID, List-Id). */
  get mailDomain(): string {
    return new URL(this.config.PUBLIC_URL).hostname;
  }
}
