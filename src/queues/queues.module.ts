import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { redisOptions } from '../redis/redis-options.js';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { QueueErrorLogger } from './queue-error-logger.js';
import { QUEUES } from './queue-names.js';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisOptions(config.REDIS_URL),
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    queues,
  ],
  providers: [QueueErrorLogger],
  exports: [queues],
})
export class QueuesModule {}
