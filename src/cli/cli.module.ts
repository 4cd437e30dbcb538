import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AdminModule } from '../admin/admin.module.js';
import { CampaignsCoreModule } from '../campaigns/campaigns-core.module.js';
import type { AppConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { QueuesModule } from '../queues/queues.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { TokensModule } from '../tokens/tokens.module.js';

/** What the CLI needs: the database, the mailer and the services; no HTTP server, no workers. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        TokensModule,
        AuthModule,
        DeliveryModule.forRole(false),
        AdminModule,
        CampaignsCoreModule,
      ],
    };
  }
}
