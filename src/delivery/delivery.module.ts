import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { EmailTemplates } from '../rendering/email-templates.service.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DkimSigner } from './dkim/dkim-signer.js';
import { type Mailer, MAILER } from './mailer.js';
import { SmtpMailer } from './smtp-mailer.js';
import { TransactionalProcessor } from './transactional.processor.js';
import { TransactionalService } from './transactional.service.js';

/**
 * Sending mail: the mailer, the sender of the transactional outbox and the campaign deliveries'
 * rows. It knows nothing of campaigns beyond their ids: src/campaigns/ builds on it.
 * The processors are registered only in processes that run jobs.
 */
@Module({})
export class DeliveryModule implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  static forRole(runsJobs: boolean): DynamicModule {
    return {
      module: DeliveryModule,
      global: true,
      imports: [SubscribersCoreModule],
      providers: [
        {
          provide: MAILER,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Mailer =>
            new SmtpMailer({
              url: config.SMTP_URL ?? `smtp://127.0.0.1:${config.DEV_INBOX_PORT}`,
              from: config.MAIL_FROM,
              poolSize: config.SMTP_POOL_SIZE,
              heloName: config.SMTP_HELO_NAME,
              signer: config.dkim ? new DkimSigner(config.dkim) : undefined,
            }),
        },
        EmailTemplates,
        TransactionalService,
        DeliveriesRepository,
        ...(runsJobs ? [TransactionalProcessor] : []),
      ],
      exports: [MAILER, TransactionalService, DeliveriesRepository],
    };
  }

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
