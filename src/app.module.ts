import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AdminUiModule } from './admin/ui/admin-ui.module.js';
import { ArticlesModule } from './articles/articles.module.js';
import { BouncesModule } from './bounces/bounces.module.js';
import { BounceMailboxModule } from './bounces/mailbox/bounce-mailbox.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { DevInboxModule } from './dev-inbox/dev-inbox.module.js';
import { EmbedModule } from './embed/embed.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';
import { TokensModule } from './tokens/tokens.module.js';

/** One codebase, two roles: `api` serves HTTP, `worker` runs the queue processors; `all` does both. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
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
        ...(servesHttp
          ? [
              SubscribersModule,
              EmbedModule,
              AdminModule,
              AdminUiModule,
              HealthModule,
              MetricsModule,
              BouncesModule,
            ]
          : []),
        ...(servesHttp && config.devInbox ? [DevInboxModule] : []),
      ],
    };
  }
}
