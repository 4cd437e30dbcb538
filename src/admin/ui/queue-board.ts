import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../../config/config.js';
import { QUEUES } from '../../queues/queue-names.js';
import { EditorSessionsService } from '../../auth/editor-sessions.service.js';
import { sessionOf } from '../../auth/request-actor.js';
import { fromOurOrigin } from '../../auth/request-origin.js';
import { readSessionCookie } from '../../auth/session-cookie.js';
import { sendAdminPage } from './admin-layout.js';
import { type QueueCounts, type QueueName, queuesView } from './queue-page.js';

const QUEUES_PATH = '/admin/queues';
/** Bull Board's own pages and API, under our Arabic page about the queues. */
export const BOARD_PATH = '/admin/queues/board';
/** Redis that does not answer must not hold the page: BullMQ waits for it without end. */
const COUNTS_TIMEOUT_MS = 2000;

/**
 * The queues behind the editors' login: our Arabic page at /admin/queues (what each queue does and
 * its job counts), and Bull Board, which has no Arabic, at /admin/queues/board. Everyone logged in
 * may look; only admins may retry, remove or clean jobs, and only from our own pages (the
 * browser's Sec-Fetch-Site or Origin says so), since Bull Board's own requests carry no CSRF token.
 */
export function mountQueueBoard(app: INestApplication, config: AppConfig): void {
  const queues = Object.values(QUEUES).map((name) =>
    app.get<Queue>(getQueueToken(name), { strict: false }),
  );
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'نشرة — الطوابير' } },
  });
  app.use(QUEUES_PATH, editorsOnly(app.get(EditorSessionsService, { strict: false }), config));
  app.use(QUEUES_PATH, (request: Request, response: Response, next: NextFunction) => {
    if (request.path !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      next();
      return;
    }
    void countJobs(queues)
      .then((counts) =>
        sendAdminPage(response, sessionOf(request), {
          title: 'الطوابير',
          section: 'queues',
          body: queuesView(counts, BOARD_PATH),
        }),
      )
      .catch(next);
  });
  app.use(BOARD_PATH, withoutWebFonts, serverAdapter.getRouter());
}

/** The editors' session, as EditorSessionGuard checks it on our other pages. */
function editorsOnly(sessions: EditorSessionsService, config: AppConfig): RequestHandler {
  return (request, response, next) => {
    void (async () => {
      const token = readSessionCookie(request, config);
      const active = token ? await sessions.resolve(token) : null;
      if (!active) {
        if (request.method === 'GET' && request.accepts(['json', 'html']) === 'html') {
          const back = request.originalUrl.startsWith(BOARD_PATH) ? BOARD_PATH : QUEUES_PATH;
          response.redirect(303, `/admin/login?next=${encodeURIComponent(back)}`);
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
      request.editorSession = active;
      next();
    })().catch(next);
  };
}

function fromOurPages(request: Request, config: AppConfig): boolean {
  const site = request.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  return fromOurOrigin(request, config) === true;
}

/** Each queue's jobs by state; null when Redis fails or is slow to answer (the page says so). */
async function countJobs(queues: Queue[]): Promise<QueueCounts[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), COUNTS_TIMEOUT_MS);
  });
  const counts = Promise.all(
    queues.map(async (queue) => {
      const jobs = await queue.getJobCounts(
        'waiting',
        'prioritized',
        'waiting-children',
        'active',
        'delayed',
        'failed',
      );
      return {
        name: queue.name as QueueName,
        waiting: jobs.waiting + jobs.prioritized + jobs['waiting-children'],
        active: jobs.active,
        delayed: jobs.delayed,
        failed: jobs.failed,
      };
    }),
  ).catch(() => null);
  try {
    return await Promise.race([counts, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const WEB_FONT_LINK =
  /<link\b[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com\/[^>]*>\s*/g;

/**
 * Bull Board's page links Google's web fonts (its index.ejs, with no option to leave them out). Our
 * pages load nothing from another host and this machine may have no internet, so the link is cut
 * from the page as it is rendered; the board falls back to the system's sans-serif.
 */
function withoutWebFonts(request: Request, response: Response, next: NextFunction): void {
  const render = response.render.bind(response);
  response.render = ((view: string, options?: object) =>
    render(view, options ?? {}, (error: Error | null, page?: string) => {
      if (error) next(error);
      else response.send((page ?? '').replace(WEB_FONT_LINK, ''));
    })) as Response['render'];
  next();
}
