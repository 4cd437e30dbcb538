import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { EmailTemplates } from '../rendering/email-templates.service.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DkimSigner } from './dkim/dkim-signer.js';
import { type Mailer, MAILER } from './mailer.js';
import { RelayMailer } from './relays/relay-mailer.js';
import { RelayRecorder } from './relays/relay-recorder.js';
import { SmtpMailer } from './smtp-mailer.js';
import { TransactionalProcessor } from './transactional.processor.js';
import { TransactionalService } from './transactional.service.js';

/**
 * Sending mail: the mailer (one SMTP server, or several relays with SMTP_URLS), the sender of
 * the transactional outbox and the campaign deliveries' rows. It knows nothing of campaigns
 * beyond their ids: src/campaigns/ builds on it.
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
          inject: [APP_CONFIG, RelayRecorder],
          useFactory: (config: AppConfig, reports: RelayRecorder): Mailer => {
            const common = {
              from: config.MAIL_FROM,
              poolSize: config.SMTP_POOL_SIZE,
              heloName: config.SMTP_HELO_NAME,
              signer: config.dkim ? new DkimSigner(config.dkim) : undefined,
            };
            if (config.SMTP_URLS) {
              return new RelayMailer({ ...common, relays: config.SMTP_URLS, reports });
            }
            return new SmtpMailer({
              ...common,
              url: config.SMTP_URL ?? `smtp://127.0.0.1:${config.DEV_INBOX_PORT}`,
            });
          },
        },
        RelayRecorder,
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
