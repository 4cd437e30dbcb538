import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module.js';
import { DevInboxController } from './dev-inbox.controller.js';
import { DevInboxService } from './dev-inbox.service.js';

@Module({
  imports: [PagesModule],
  controllers: [DevInboxController],
  providers: [DevInboxService],
})
export class DevInboxModule {}
