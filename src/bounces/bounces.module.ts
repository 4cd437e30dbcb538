import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { text } from 'express';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { SubscribersModule } from '../subscribers/subscribers.module.js';
import { BouncesRepository } from './bounces.repository.js';
import { BouncesService } from './bounces.service.js';
import { Bounce } from './entities/bounce.entity.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhookAuthGuard } from './webhook-auth.guard.js';

/** Bounces and complaints reported by the MTA or the ESP, and what they do to an address. */
@Module({
  imports: [TypeOrmModule.forFeature([Bounce]), SubscribersCoreModule, SubscribersModule],
  controllers: [WebhooksController],
  providers: [BouncesRepository, BouncesService, WebhookAuthGuard],
  exports: [BouncesRepository],
})
export class BouncesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // A DSN arrives as the raw message, whatever type the MTA's pipe script labels it with.
    consumer
      .apply(text({ type: () => true, limit: '1mb' }))
      .forRoutes({ path: 'api/webhooks/dsn', method: RequestMethod.POST });
  }
}
