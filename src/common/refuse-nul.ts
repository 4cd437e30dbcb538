import type { NextFunction, Request, Response } from 'express';
import { invalidFields } from './zod-body.js';

const NUL = '\u0000';
const REASON = 'must not contain the NUL character (U+0000)';

/**
 * No text Nashra keeps may hold U+0000: PostgreSQL refuses it in every text column (a 500 after
 * every check had passed) and SQLite would keep it. So a parsed JSON or form body, or a query,
 * that holds one anywhere is a 422 before any handler runs, naming where. A raw body (the DSN
 * webhook's message) is bytes, not text, and passes: its reader decides what it means.
 */
export function refuseNulCharacters(request: Request, _response: Response, next: NextFunction) {
  const found = nulIn(request.body, '') ?? nulIn(request.query, 'query');
  next(found === null ? undefined : invalidFields({ [found || 'body']: REASON }));
}

/** The path of the first key or string holding NUL; walked without recursion (bodies nest deep). */
function nulIn(root: unknown, rootPath: string): string | null {
  const pending: [unknown, string][] = [[root, rootPath]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path;
    } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) {
        const named = key.replaceAll(NUL, '\\u0000');
        const here = path ? `${path}.${named}` : named;
        if (key.includes(NUL)) return here;
        pending.push([item, here]);
      }
    }
  }
  return null;
}
