import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { nestLogger } from './logging/nest-logger.js';
import { requestLogging } from './logging/request-logging.js';
import { mountQueueBoard } from './admin/ui/queue-board.js';
import { AppModule } from './app.module.js';
import { refuseNulCharacters } from './common/refuse-nul.js';
import { HttpExceptionFilter } from './pages/http-exception.filter.js';
import type { AppConfig } from './config/config.js';

/** The HTTP application, configured but not listening (tests listen on a port of their own). */
export async function createHttpApp(config: AppConfig): Promise<INestApplication> {
  const { root, logger } = nestLogger(config.LOG_LEVEL, config.ROLE);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
  });
  app.use(requestLogging(root));
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false, parameterLimit: 100 });
  app.use(refuseNulCharacters);
  app.use(securityHeaders);
  app.useStaticAssets(join(import.meta.dirname, '..', 'public', 'admin'), {
    prefix: '/admin/assets/',
    maxAge: '1h',
    index: false,
  });
  mountQueueBoard(app, config);
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
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  });
  if (request.secure) {
    response.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  response.set('Content-Security-Policy', contentSecurityPolicy(request.path));
  next();
}

/**
 * The editors' pages run only our own script and styles: nothing inline, so an injected tag does
 * nothing. Bull Board's bundle and Swagger UI (served from here, its scripts all in files) need
 * inline styles. Public pages keep their inline <style>.
 */
function contentSecurityPolicy(requested: string): string {
  const path = requested.toLowerCase(); // as routing matches it
  if (path === '/api/docs' || path.startsWith('/api/docs/')) {
    return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
  }
  if (path === '/admin/queues/board' || path.startsWith('/admin/queues/board/')) {
    return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
  }
  if (path === '/admin' || path.startsWith('/admin/')) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'";
  }
  return "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";
}
