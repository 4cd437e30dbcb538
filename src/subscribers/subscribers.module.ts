import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module.js';
import { LinksController } from './links.controller.js';
import { SignupController } from './signup.controller.js';
import { SignupCorsMiddleware } from './signup-cors.middleware.js';
import { SignupService } from './signup.service.js';
import { SubscribersCoreModule } from './subscribers-core.module.js';

/** The public side: signup page and API, confirm, unsubscribe, preferences. */
@Module({
  imports: [SubscribersCoreModule, PagesModule],
  controllers: [SignupController, LinksController],
  providers: [SignupService],
})
export class SubscribersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(SignupCorsMiddleware)
      .forRoutes({ path: 'api/subscriptions', method: RequestMethod.ALL });
  }
}
