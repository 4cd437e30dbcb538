import { BullModule } from '@nestjs/bullmq';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import { Cluster } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { QUEUE_CONNECTION, QueueConnectionModule } from './queue-connection.js';
import { QueueErrorLogger } from './queue-error-logger.js';
import { QUEUES } from './queue-names.js';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

@Global()
@Module({
  imports: [
    QueueConnectionModule,
    BullModule.forRootAsync({
      imports: [QueueConnectionModule],
      inject: [APP_CONFIG, QUEUE_CONNECTION],
      useFactory: (config: AppConfig, connection: ConnectionOptions) => ({
        connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    queues,
  ],
  providers: [QueueErrorLogger],
  exports: [queues],
})
export class QueuesModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_CONNECTION) private readonly connection: ConnectionOptions) {}

  /**
   * Nest shuts a global module down after the modules it imports, so the workers (closed by
   * BullModule's explorer) have finished their jobs when the shared cluster connection goes.
   */
  async onApplicationShutdown(): Promise<void> {
    if (!(this.connection instanceof Cluster)) return;
    await this.connection.quit().catch(() => (this.connection as Cluster).disconnect());
  }
}
