import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { nestLogger } from './logging/nest-logger.js';

/**
 * A worker process: the queue processors with no HTTP server. Apart from app.ts, so a worker
 * loads neither Express's setup, Swagger nor the queue board.
 */
export function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: nestLogger(config.LOG_LEVEL, config.ROLE).logger,
  });
}
