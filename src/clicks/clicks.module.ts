import { Module } from '@nestjs/common';
import { ClickCounter } from './click-counter.js';
import { ClickFlusher } from './click-flusher.js';
import { ClickTracking } from './click-tracking.service.js';
import { ClicksController } from './clicks.controller.js';

/**
 * GET /r/:token and the open pixel, and the flusher that moves their counts from Redis to the
 * database: HTTP processes only, since only they count (workers render links, never follow them).
 */
@Module({
  controllers: [ClicksController],
  providers: [ClickCounter, ClickFlusher, ClickTracking],
  exports: [ClickFlusher],
})
export class ClicksModule {}
