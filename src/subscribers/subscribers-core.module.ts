import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Consent } from './entities/consent.entity.js';
import { MailingList } from './entities/mailing-list.entity.js';
import { Subscriber } from './entities/subscriber.entity.js';
import { Subscription } from './entities/subscription.entity.js';
import { Suppression } from './entities/suppression.entity.js';
import { ListsService } from './lists.service.js';
import { SuppressionService } from './suppression.service.js';

/** The subscriber data every other module reads: lists and suppressions. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MailingList, Subscriber, Subscription, Consent, Suppression]),
  ],
  providers: [ListsService, SuppressionService],
  exports: [TypeOrmModule, ListsService, SuppressionService],
})
export class SubscribersCoreModule {}
