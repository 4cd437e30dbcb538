import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { Consent } from '../subscribers/entities/consent.entity.js';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';
import { Suppression } from '../subscribers/entities/suppression.entity.js';
import { TransactionalEmail } from '../subscribers/entities/transactional-email.entity.js';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema.js';
import { ArticlesFeedsCampaigns1764100000000 } from './migrations/1764100000000-articles-feeds-campaigns.js';
import { Article } from '../articles/entities/article.entity.js';
import { Feed } from '../articles/entities/feed.entity.js';
import { Campaign } from '../campaigns/entities/campaign.entity.js';
import { Delivery } from '../delivery/entities/delivery.entity.js';
import { Deliveries1764200000000 } from './migrations/1764200000000-deliveries.js';
import { SchedulesBouncesTokens1764300000000 } from './migrations/1764300000000-schedules-bounces-tokens.js';
import { SuppressionEmailIndex1764400000000 } from './migrations/1764400000000-suppression-email-index.js';
import { Schedule } from '../schedules/entities/schedule.entity.js';
import { ScheduleRun } from '../schedules/entities/schedule-run.entity.js';
import { Bounce } from '../bounces/entities/bounce.entity.js';
import { ApiToken } from '../auth/entities/api-token.entity.js';
import { Editor } from '../auth/entities/editor.entity.js';
import { EditorSession } from '../auth/entities/editor-session.entity.js';
import { AuditEntry } from '../auth/entities/audit-entry.entity.js';
import { Editors1764500000000 } from './migrations/1764500000000-editors.js';
import { ArticleImageSize1764600000000 } from './migrations/1764600000000-article-image-size.js';
import { FeedPaused1764700000000 } from './migrations/1764700000000-feed-paused.js';
import { BounceReasons1764800000000 } from './migrations/1764800000000-bounce-reasons.js';
import { CampaignFailure1764900000000 } from './migrations/1764900000000-campaign-failure.js';
import { ArticleDates1765000000000 } from './migrations/1765000000000-article-dates.js';
import { MailboxKey1765100000000 } from './migrations/1765100000000-mailbox-key.js';
import { DeliveryOpenIndex1765300000000 } from './migrations/1765300000000-delivery-open-index.js';
import { DeliveryClaimIndex1765200000000 } from './migrations/1765200000000-delivery-claim-index.js';
import { CampaignClicks1765400000000 } from './migrations/1765400000000-campaign-clicks.js';
import { SubjectTests1765500000000 } from './migrations/1765500000000-subject-tests.js';
import { CampaignClick } from '../clicks/entities/campaign-click.entity.js';
import { CampaignClickReader } from '../clicks/entities/campaign-click-reader.entity.js';
import { ClickFlush } from '../clicks/entities/click-flush.entity.js';

export const entities = [
  MailingList,
  Subscriber,
  Subscription,
  Consent,
  Suppression,
  TransactionalEmail,
  Article,
  Feed,
  Campaign,
  Delivery,
  Schedule,
  ScheduleRun,
  Bounce,
  ApiToken,
  Editor,
  EditorSession,
  AuditEntry,
  CampaignClick,
  CampaignClickReader,
  ClickFlush,
];
export const migrations = [
  InitialSchema1764000000000,
  ArticlesFeedsCampaigns1764100000000,
  Deliveries1764200000000,
  SchedulesBouncesTokens1764300000000,
  SuppressionEmailIndex1764400000000,
  Editors1764500000000,
  ArticleImageSize1764600000000,
  FeedPaused1764700000000,
  BounceReasons1764800000000,
  CampaignFailure1764900000000,
  ArticleDates1765000000000,
  MailboxKey1765100000000,
  DeliveryClaimIndex1765200000000,
  DeliveryOpenIndex1765300000000,
  CampaignClicks1765400000000,
  SubjectTests1765500000000,
];

/**
 * One set of options for the app, the migration command and the tests; never `synchronize`.
 * Processes that serve HTTP apply pending migrations on start; workers leave that to them, so two
 * processes starting together never race on the schema.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities,
    migrations,
    migrationsRun: config.ROLE !== 'worker',
    synchronize: false,
  } as const;
  if (config.database.type === 'postgres') {
    return { ...common, type: 'postgres', url: config.database.url, extra: { max: 10 } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.database.path,
    // WAL lets the api and worker processes read while the other writes.
    enableWAL: true,
    timeout: 10_000,
  };
}
