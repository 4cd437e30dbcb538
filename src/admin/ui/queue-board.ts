import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../config/config.js';
import { QUEUES } from '../../queues/queue-names.js';
import { EditorSessionsService } from '../accounts/editor-sessions.service.js';
import { fromOurOrigin } from '../accounts/request-origin.js';
import { readSessionCookie } from '../accounts/session-cookie.js';

const BASE_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, behind the editors' login. Everyone logged in may look; only admins
 * may retry, remove or clean jobs, and only from our own pages (the browser's Sec-Fetch-Site or
 * Origin says so), since Bull Board's own requests carry no CSRF token.
 */
export function mountQueueBoard(app: INestApplication, config: AppConfig): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BASE_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'نشرة — الطوابير' } },
  });
  const sessions = app.get(EditorSessionsService, { strict: false });
  app.use(BASE_PATH, (request: Request, response: Response, next: NextFunction) => {
    void (async () => {
      const token = readSessionCookie(request, config);
      const active = token ? await sessions.resolve(token) : null;
      if (!active) {
        if (request.method === 'GET' && request.accepts(['json', 'html']) === 'html') {
          response.redirect(303, `/admin/login?next=${encodeURIComponent(BASE_PATH)}`);
        } else {
          response.status(401).json({ statusCode: 401, message: 'Log in at /admin/login first.' });
        }
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        if (active.editor.role !== 'admin') {
          response.status(403).json({ statusCode: 403, message: 'Only admins change jobs.' });
          return;
        }
        if (!fromOurPages(request, config)) {
          response.status(403).json({ statusCode: 403, message: 'Cross-site request refused.' });
          return;
        }
      }
      next();
    })().catch(next);
  });
  app.use(BASE_PATH, serverAdapter.getRouter());
}

function fromOurPages(request: Request, config: AppConfig): boolean {
  const site = request.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  return fromOurOrigin(request, config) === true;
}
