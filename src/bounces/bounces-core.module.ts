import { Module } from '@nestjs/common';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { BouncesRepository } from './bounces.repository.js';
import { BouncesService } from './bounces.service.js';
import { ReportMatcher } from './report-matcher.js';
import { UnsubscribeMail } from './unsubscribe-mail.service.js';

/**
 * Reading reports (and mail sent to the signed unsubscribe mailto) and acting on them, for every process: the webhooks (api), the bounce mailbox
 * and the send pipeline's own refusals (worker), /metrics.
 */
@Module({
  imports: [SubscribersCoreModule],
  providers: [BouncesRepository, BouncesService, ReportMatcher, UnsubscribeMail],
  exports: [BouncesRepository, BouncesService, UnsubscribeMail],
})
export class BouncesCoreModule {}
