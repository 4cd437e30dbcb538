import { Module } from '@nestjs/common';
import { BouncesCoreModule } from '../bounces/bounces-core.module.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { AdminListsController } from './admin-lists.controller.js';
import { AdminSubscribersController } from './admin-subscribers.controller.js';
import { AdminSuppressionsController } from './admin-suppressions.controller.js';
import { SubscriberAdminService } from './subscriber-admin.service.js';
import { SubscriberImporter } from './subscriber-importer.js';

/**
 * The admin API for subscribers, lists and suppressions (bearer token), and the services the
 * editors' pages and the CLI share with it.
 */
@Module({
  imports: [BouncesCoreModule, SubscribersCoreModule],
  controllers: [AdminListsController, AdminSubscribersController, AdminSuppressionsController],
  providers: [SubscriberAdminService, SubscriberImporter],
  exports: [SubscriberAdminService, SubscriberImporter],
})
export class AdminModule {}
