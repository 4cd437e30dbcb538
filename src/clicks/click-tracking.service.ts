import { Inject, Injectable, Logger } from '@nestjs/common';
import { safeHttpUrl } from '../common/html.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MessageRefs } from '../tokens/message-refs.js';
import { type MarkClaims, type MarkKind, TokenService } from '../tokens/token.service.js';
import { type Click, ClickCounter } from './click-counter.js';
import { ClicksRepository } from './clicks.repository.js';

/** A campaign's articles do not move once it is sent: a minute of caching keeps a click off the database. */
const MARK_TTL_MS = 60_000;
const MARK_CACHE_SIZE = 10_000;

/** What a reference in a tracked link says of its reader. */
type Reader = { subscriberId: number } | 'unknown' | 'test-copy';

/** A token whose signature verified, and what its campaign says of it. */
interface Mark {
  claims: MarkClaims;
  /** Where a click goes (a checked http(s) link); null for the pixel or an article gone. */
  url: string | null;
  inCampaign: boolean;
}

/** Whether a request counts: a HEAD (link scanners, mail gateways) is answered alike, not counted. */
export interface Visit {
  counts: boolean;
}

/**
 * Follows tracked links and the open pixel: the token names a campaign and an article, the
 * database says where that article is (never the request), and the click is counted in Redis.
 */
@Injectable()
export class ClickTracking {
  private readonly logger = new Logger(ClickTracking.name);
  /**
   * By kind and token, only tokens whose signature verified (a forged one cannot fill it): a
   * click on a link clicked in the last minute costs one lookup, no HMAC, query or URL parse.
   */
  private readonly marks = new Map<string, { mark: Mark; until: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly refs: MessageRefs,
    private readonly counter: ClickCounter,
    private readonly clicks: ClicksRepository,
  ) {}

  /**
   * The article's link, after counting the click; null (a 404) when clicks are not tracked, the
   * token is not ours, or the article is not in that campaign. `ref` (per-subscriber tracking) is
   * the message's signed reference: a valid one also counts the reader; any other only the click.
   */
  async follow(token: unknown, ref: unknown, visit: Visit): Promise<string | null> {
    if (this.config.TRACK_CLICKS === 'false') return null;
    const mark = await this.mark('click', token);
    if (!mark?.url || mark.claims.articleId === 0) return null;
    const reader = this.reader(mark.claims.campaignId, ref);
    // An editor's test copy (subscriber 0) is not a reader's click.
    if (visit.counts && reader !== 'test-copy') {
      await this.count({ ...mark.claims, ...(reader === 'unknown' ? {} : reader) });
    }
    return mark.url;
  }

  /** Counts an open of the campaign the pixel names; false (a 404) for anything else. */
  async open(token: unknown, visit: Visit): Promise<boolean> {
    if (!this.config.TRACK_OPENS) return false;
    const mark = await this.mark('open', token);
    if (!mark?.inCampaign || mark.claims.articleId !== 0) return false;
    if (visit.counts) await this.count(mark.claims);
    return true;
  }

  private reader(campaignId: number, ref: unknown): Reader {
    if (this.config.TRACK_CLICKS !== 'per-subscriber') return 'unknown';
    if (typeof ref !== 'string' || ref.length > 64) return 'unknown';
    const read = this.refs.fromRef(ref);
    if (!read || read.ref.kind !== 'campaign' || read.ref.campaignId !== campaignId) {
      return 'unknown';
    }
    // Test copies carry `c<campaign>.s0`, unsigned: there is no subscriber 0.
    if (read.ref.subscriberId === 0) return 'test-copy';
    return read.signed ? { subscriberId: read.ref.subscriberId } : 'unknown';
  }

  /** A lost count is worth less than a reader sent nowhere: Redis failing still redirects. */
  private async count(click: Click): Promise<void> {
    try {
      await this.counter.count(click);
    } catch (error) {
      this.logger.warn(`click not counted: ${String(error)}`);
    }
  }

  /** The token's claims and target; null for a token we did not sign for this kind. */
  private async mark(kind: MarkKind, token: unknown): Promise<Mark | null> {
    if (typeof token !== 'string') return null;
    const key = `${kind}:${token}`;
    const now = Date.now();
    const cached = this.marks.get(key);
    if (cached && cached.until > now) return cached.mark;
    const claims = this.tokens.verifyMark(kind, token);
    if (!claims) return null;
    const target = await this.clicks.markedArticle(claims.campaignId, claims.articleId);
    const mark = {
      claims,
      url: target.inCampaign ? safeHttpUrl(target.url) : null,
      inCampaign: target.inCampaign,
    };
    if (this.marks.size >= MARK_CACHE_SIZE) this.marks.clear();
    this.marks.set(key, { mark, until: now + MARK_TTL_MS });
    return mark;
  }
}
