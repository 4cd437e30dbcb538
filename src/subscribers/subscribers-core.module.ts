import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Consent } from './entities/consent.entity.js';
import { MailingList } from './entities/mailing-list.entity.js';
import { Subscriber } from './entities/subscriber.entity.js';
import { Subscription } from './entities/subscription.entity.js';
import { Suppression } from './entities/suppression.entity.js';
import { TransactionalEmail } from './entities/transactional-email.entity.js';
import { ListsRepository } from './lists.repository.js';
import { ListsService } from './lists.service.js';
import { MembershipService } from './membership.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { SubscribersRepository } from './subscribers.repository.js';
import { SuppressionService } from './suppression.service.js';
import { SuppressionsRepository } from './suppressions.repository.js';

/**
 * The subscriber data every other module reads (lists, suppressions, the subscribers and their
 * outbox) and membership (confirm, leave), which bounces and complaints act on too.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      MailingList,
      Subscriber,
      Subscription,
      Consent,
      Suppression,
      TransactionalEmail,
    ]),
  ],
  providers: [
    ListsRepository,
    OutboxRepository,
    SubscribersRepository,
    SuppressionsRepository,
    ListsService,
    MembershipService,
    SuppressionService,
  ],
  exports: [
    SubscribersRepository,
    OutboxRepository,
    ListsService,
    MembershipService,
    SuppressionService,
  ],
})
export class SubscribersCoreModule {}
