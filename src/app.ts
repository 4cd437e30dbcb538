import type { INestApplication, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import type { AppConfig } from './config/config.js';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

function logLevels(config: AppConfig): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1);
}

/** The HTTP application, configured but not listening (tests listen on a port of their own). */
export async function createHttpApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: logLevels(config),
  });
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false, parameterLimit: 100 });
  app.use(securityHeaders);
  app.useGlobalFilters(new HttpExceptionFilter(config.SITE_NAME));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Nashra')
      .setDescription('Newsletter service for Arabic news sites: public signup and the admin API.')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

/** A worker process: the queue processors with no HTTP server. */
export function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: logLevels(config),
  });
}

/**
 * Tokens travel in URLs, so no page may leak them to another site through Referer ("same-origin":
 * with "no-referrer" browsers send `Origin: null` on our own form posts, which the signup refuses).
 * Pages only load from here, and only this origin may frame them (the dev inbox's sandboxed frame).
 */
function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.set({
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'SAMEORIGIN',
  });
  if (!request.path.startsWith('/api/docs')) {
    response.set(
      'Content-Security-Policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    );
  }
  next();
}
