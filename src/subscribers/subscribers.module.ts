import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { EmbedController } from '../embed/embed.controller.js';
import { SignupCorsMiddleware } from '../embed/signup-cors.middleware.js';
import { PagesModule } from '../pages/pages.module.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { LinksController } from './links.controller.js';
import { MembershipService } from './membership.service.js';
import { SignupController } from './signup.controller.js';
import { SignupService } from './signup.service.js';
import { SubscribersCoreModule } from './subscribers-core.module.js';

/** The public side: signup page and API, embed box, confirm, unsubscribe, preferences. */
@Module({
  imports: [SubscribersCoreModule, PagesModule],
  controllers: [SignupController, LinksController, EmbedController],
  providers: [SignupService, MembershipService, RateLimiter],
  exports: [MembershipService],
})
export class SubscribersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(SignupCorsMiddleware)
      .forRoutes({ path: 'api/subscriptions', method: RequestMethod.ALL });
  }
}
