import { Module } from '@nestjs/common';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminListsController } from './admin-lists.controller.js';
import { AdminSubscribersController } from './admin-subscribers.controller.js';
import { SubscriberAdminService } from './subscriber-admin.service.js';

/** The admin API (bearer token). The editor UI comes with its own login later. */
@Module({
  imports: [SubscribersCoreModule],
  controllers: [AdminListsController, AdminSubscribersController],
  providers: [AdminAuthGuard, SubscriberAdminService],
})
export class AdminModule {}
