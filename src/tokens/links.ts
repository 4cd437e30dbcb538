import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type MailtoClaims, TokenService } from '../tokens/token.service.js';

/** What an address mail came in at says about leaving: see `Links.readUnsubscribeMailto`. */
export type MailtoReading = MailtoClaims | 'forged' | null;

/** How long the link sent on request (GET /unsubscribe) works; the email and the page say so. */
export const UNSUBSCRIBE_LINK_TTL_HOURS = 24;

/** The signed part of an unsubscribe mailto address: `local+u-<signed>@domain`. */
const MAILTO_TAG = '+u-';

/** Every link an email carries back to Nashra, each with its signed token. */
@Injectable()
export class Links {
  private readonly mailto: { local: string; domain: string } | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {
    const address = config.UNSUBSCRIBE_MAILTO;
    const at = address?.lastIndexOf('@') ?? -1;
    this.mailto =
      address && at > 0
        ? { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() }
        : null;
  }

  confirm(subscriberId: number, consentId: number, now = Date.now()): string {
    const expiresAt = Math.floor(now / 1000 + this.config.CONFIRM_TOKEN_TTL_HOURS * 3600);
    const token = this.tokens.sign({ purpose: 'confirm', subscriberId, ref: consentId, expiresAt });
    return `${this.config.PUBLIC_URL}/confirm/${token}`;
  }

  /** listId 0 leaves every list. */
  unsubscribe(subscriberId: number, listId = 0): string {
    return this.unsubscribeUntil(subscriberId, listId, 0);
  }

  /**
   * A link to leave every list that stops working after UNSUBSCRIBE_LINK_TTL_HOURS: the one sent
   * to whoever typed the address at GET /unsubscribe, so that it does not live on in an inbox.
   */
  expiringUnsubscribe(subscriberId: number, now = Date.now()): string {
    const expiresAt = Math.floor(now / 1000 + UNSUBSCRIBE_LINK_TTL_HOURS * 3600);
    return this.unsubscribeUntil(subscriberId, 0, expiresAt);
  }

  /** GET /unsubscribe, where an address gets a fresh link to leave (no token: nothing to sign). */
  get unsubscribeRequestPage(): string {
    return `${this.config.PUBLIC_URL}/unsubscribe`;
  }

  preferences(subscriberId: number): string {
    const token = this.tokens.sign({ purpose: 'preferences', subscriberId, ref: 0, expiresAt: 0 });
    return `${this.config.PUBLIC_URL}/preferences/${token}`;
  }

  /**
   * The address a mail client writes to for this recipient (`local+u-<signed>@domain` of
   * UNSUBSCRIBE_MAILTO): the mail that arrives there proves, by its signature, whom it is for.
   * Null when UNSUBSCRIBE_MAILTO is unset.
   */
  unsubscribeMailto(subscriberId: number, listId = 0): string | null {
    if (!this.mailto) return null;
    const signed = this.tokens.signMailto({ subscriberId, listId });
    return `${this.mailto.local}${MAILTO_TAG}${signed}@${this.mailto.domain}`;
  }

  /**
   * Reads an address mail came in at: the subscriber and list it signs, 'forged' for our tagged
   * address whose signature does not check, null for any other address (our bare address and
   * other tags too: it may share a mailbox with BOUNCE_ADDRESS and its VERP tags). Case does not
   * matter. Always null when UNSUBSCRIBE_MAILTO is unset.
   */
  readUnsubscribeMailto(address: string): MailtoReading {
    if (!this.mailto) return null;
    const at = address.lastIndexOf('@');
    if (at <= 0 || address.slice(at + 1).toLowerCase() !== this.mailto.domain) return null;
    const local = address.slice(0, at).toLowerCase();
    const prefix = `${this.mailto.local.toLowerCase()}${MAILTO_TAG}`;
    if (!local.startsWith(prefix)) return null;
    return this.tokens.verifyMailto(local.slice(prefix.length)) ?? 'forged';
  }

  /** A tracked article link (TRACK_CLICKS): GET /r/:token counts it and sends the reader on. */
  articleClick(campaignId: number, articleId: number): string {
    return `${this.config.PUBLIC_URL}/r/${this.tokens.signMark('click', { campaignId, articleId })}`;
  }

  /** The open pixel of a campaign (TRACK_OPENS). */
  openPixel(campaignId: number): string {
    const token = this.tokens.signMark('open', { campaignId, articleId: 0 });
    return `${this.config.PUBLIC_URL}/o/${token}.gif`;
  }

  /** The host emails name themselves after (Message-ID, List-Id). */
  get mailDomain(): string {
    return new URL(this.config.PUBLIC_URL).hostname;
  }

  private unsubscribeUntil(subscriberId: number, listId: number, expiresAt: number): string {
    const token = this.tokens.sign({
      purpose: 'unsubscribe',
      subscriberId,
      ref: listId,
      expiresAt,
    });
    return `${this.config.PUBLIC_URL}/unsubscribe/${token}`;
  }
}
