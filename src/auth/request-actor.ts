import type { Request } from 'express';
import type { Actor } from './audit-log.service.js';
import type { ActiveSession } from './editor-sessions.service.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the admin guards: who this request acts for. */
    actor?: Actor;
    /** Set by EditorSessionGuard on /admin pages. */
    editorSession?: ActiveSession;
  }
}

/** The logged-in editor's session; only on routes behind EditorSessionGuard. */
export function sessionOf(request: Request): ActiveSession {
  if (!request.editorSession) throw new Error('EditorSessionGuard did not run on this route');
  return request.editorSession;
}
