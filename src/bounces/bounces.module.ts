import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import { BouncesCoreModule } from './bounces-core.module.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhookAuthGuard } from './webhook-auth.guard.js';

/** Bounces and complaints reported by the MTA or the ESP, and what they do to an address. */
@Module({
  imports: [BouncesCoreModule],
  controllers: [WebhooksController],
  providers: [WebhookAuthGuard],
})
export class BouncesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // A DSN arrives as the raw message, whatever type the MTA's pipe script labels it with, and
    // as bytes: its parts may be in any charset, which the reader decodes part by part.
    // Mail sent to the unsubscribe mailto arrives the same way.
    consumer
      .apply(raw({ type: () => true, limit: '1mb' }))
      .forRoutes(
        { path: 'api/webhooks/dsn', method: RequestMethod.POST },
        { path: 'api/webhooks/unsubscribe', method: RequestMethod.POST },
      );
  }
}
