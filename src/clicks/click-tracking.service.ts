import { Inject, Injectable, Logger } from '@nestjs/common';
import { safeHttpUrl } from '../common/html.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MessageRefs } from '../tokens/message-refs.js';
import { type MarkClaims, TokenService } from '../tokens/token.service.js';
import { type Click, ClickCounter } from './click-counter.js';
import { ClicksRepository, type MarkedArticle } from './clicks.repository.js';

/** A campaign's articles do not move once it is sent: a minute of caching keeps a click off the database. */
const TARGET_TTL_MS = 60_000;
const TARGET_CACHE_SIZE = 10_000;

/** What a reference in a tracked link says of its reader. */
type Reader = { subscriberId: number } | 'unknown' | 'test-copy';

/**
 * Follows tracked links and the open pixel: the token names a campaign and an article, the
 * database says where that article is (never the request), and the click is counted in Redis.
 */
@Injectable()
export class ClickTracking {
  private readonly logger = new Logger(ClickTracking.name);
  private readonly targets = new Map<string, { target: MarkedArticle; until: number }>();

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
  async follow(token: unknown, ref: unknown): Promise<string | null> {
    if (this.config.TRACK_CLICKS === 'false') return null;
    const claims = this.tokens.verifyMark('click', token);
    if (!claims || claims.articleId === 0) return null;
    const target = await this.target(claims);
    const url = target.inCampaign ? safeHttpUrl(target.url) : null;
    if (!url) return null;
    const reader = this.reader(claims.campaignId, ref);
    // An editor's test copy (subscriber 0) is not a reader's click.
    if (reader !== 'test-copy') {
      await this.count({ ...claims, ...(reader === 'unknown' ? {} : reader) });
    }
    return url;
  }

  /** Counts an open of the campaign the pixel names; false (a 404) for anything else. */
  async open(token: unknown): Promise<boolean> {
    if (!this.config.TRACK_OPENS) return false;
    const claims = this.tokens.verifyMark('open', token);
    if (!claims || claims.articleId !== 0) return false;
    if (!(await this.target(claims)).inCampaign) return false;
    await this.count(claims);
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

  private async target({ campaignId, articleId }: MarkClaims): Promise<MarkedArticle> {
    const key = `${campaignId}.${articleId}`;
    const now = Date.now();
    const cached = this.targets.get(key);
    if (cached && cached.until > now) return cached.target;
    const target = await this.clicks.markedArticle(campaignId, articleId);
    if (this.targets.size >= TARGET_CACHE_SIZE) this.targets.clear();
    this.targets.set(key, { target, until: now + TARGET_TTL_MS });
    return target;
  }
}
