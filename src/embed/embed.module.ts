import { Module } from '@nestjs/common';
import { EmbedController } from './embed.controller.js';

/**
 * The drop-in signup box a news site loads from /embed/subscribe.js. The box posts to the signup
 * API, whose cross-origin check (SignupCorsMiddleware) belongs to SubscribersModule.
 */
@Module({ controllers: [EmbedController] })
export class EmbedModule {}
