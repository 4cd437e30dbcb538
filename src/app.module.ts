import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { ArticlesModule } from './articles/articles.module.js';
import { BounceMailboxModule } from './bounces/mailbox/bounce-mailbox.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { TokensModule } from './tokens/tokens.module.js';

/**
 * One codebase, two roles: `api` serves HTTP, `worker` runs the queue processors; `all` does both.
 * The modules only HTTP needs are imported when the role serves it, so a worker never loads the
 * dashboard, the public pages or their dependencies (about 20 MB of its memory).
 */
@Module({})
export class AppModule {
  static async forRoot(config: AppConfig): Promise<DynamicModule> {
    const servesHttp = config.ROLE !== 'worker';
    const runsJobs = config.ROLE !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        TokensModule,
        AuthModule,
        DeliveryModule.forRole(runsJobs),
        ArticlesModule.forRole(servesHttp, runsJobs),
        CampaignsModule.forRole(servesHttp, runsJobs),
        SchedulesModule.forRole(servesHttp, runsJobs),
        BounceMailboxModule.forRole(runsJobs, config.BOUNCE_IMAP_URL),
        ...(servesHttp ? await httpModules(config) : []),
      ],
    };
  }
}

async function httpModules(config: AppConfig): Promise<Type[]> {
  // One at a time: Jest's ESM loader fails to link modules imported concurrently.
  const modules: Type[] = [
    // First: a tracked link is the most frequent request, and Express tries routes in order.
    (await import('./clicks/clicks.module.js')).ClicksModule,
    (await import('./subscribers/subscribers.module.js')).SubscribersModule,
    (await import('./embed/embed.module.js')).EmbedModule,
    (await import('./admin/admin.module.js')).AdminModule,
    (await import('./admin/ui/admin-ui.module.js')).AdminUiModule,
    (await import('./health/health.module.js')).HealthModule,
    (await import('./metrics/metrics.module.js')).MetricsModule,
    (await import('./bounces/bounces.module.js')).BouncesModule,
  ];
  if (config.devInbox)
    modules.push((await import('./dev-inbox/dev-inbox.module.js')).DevInboxModule);
  return modules;
}
