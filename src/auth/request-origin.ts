import type { Request } from 'express';
import type { AppConfig } from '../config/config.js';

/**
 * Whether the browser says this request comes from one of our own pages: true or false from the
 * Origin header (`null`, sent by sandboxed frames and some redirects, is not ours), or undefined
 * when there is no Origin header at all.
 */
export function fromOurOrigin(request: Request, config: AppConfig): boolean | undefined {
  const origin = request.get('origin');
  if (origin === undefined) return undefined;
  try {
    const host = new URL(origin).host;
    return host === new URL(config.PUBLIC_URL).host || host === request.get('host');
  } catch {
    return false;
  }
}
