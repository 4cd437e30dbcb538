import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module.js';
import { LinksController } from './links.controller.js';
import { SignupController } from './signup.controller.js';
import { SignupCorsMiddleware } from './signup-cors.middleware.js';
import { SignupService } from './signup.service.js';
import { SameOriginMiddleware } from './same-origin.middleware.js';
import { SubscribersCoreModule } from './subscribers-core.module.js';
import { UnsubscribeRequestController } from './unsubscribe-request.controller.js';
import { UnsubscribeRequestService } from './unsubscribe-request.service.js';

/** The public side: signup page and API, confirm, unsubscribe (with or without the link), preferences. */
@Module({
  imports: [SubscribersCoreModule, PagesModule],
  controllers: [SignupController, LinksController, UnsubscribeRequestController],
  providers: [SignupService, UnsubscribeRequestService],
})
export class SubscribersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(SignupCorsMiddleware)
      .forRoutes({ path: 'api/subscriptions', method: RequestMethod.ALL });
    // The form at /unsubscribe only; the one-click POST /unsubscribe/:token comes from anywhere.
    consumer
      .apply(SameOriginMiddleware)
      .forRoutes({ path: 'unsubscribe', method: RequestMethod.POST });
  }
}
