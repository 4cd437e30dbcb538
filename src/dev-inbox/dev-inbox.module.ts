import { Module } from '@nestjs/common';
import { DevInboxController } from './dev-inbox.controller.js';
import { DevInboxService } from './dev-inbox.service.js';

@Module({
  controllers: [DevInboxController],
  providers: [DevInboxService],
})
export class DevInboxModule {}
