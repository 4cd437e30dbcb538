import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;
// Links in emails carry signed tokens in their path: a log line must not be a working link.
// Matched as routing matches (any case, percent-encoded or not), so no spelling slips through.
const TOKEN_PATHS = /^\/+(confirm|unsubscribe|preferences)\/./is;
const QUIET = /^\/(health|metrics|admin\/assets)(\/|$)/;
// A reader's click on a tracked link (and the open pixel): a line per click would record who (by
// IP) read which article when, which TRACK_CLICKS=true promises nobody records; and its logger,
// made per request, is the largest cost of a redirect. Only the links we write (lower case) are
// skipped; /R/… reaches the redirect too (Express ignores case) and is logged like any request.
const READERS_CLICKS = /^\/(r|o)\//;

/**
 * One JSON line per request (readers' clicks excepted) with its id (the caller's X-Request-Id when it is sane, else a new
 * UUID, echoed back in the response), method, route-safe URL, status and time taken.
 */
export function requestLogging(logger: Logger) {
  const logged = pinoHttp({
    logger,
    genReqId(request: IncomingMessage, response: ServerResponse) {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (request) => QUIET.test(request.url ?? '') },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (request: { id: unknown; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: safeUrl(request.url),
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  });
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (READERS_CLICKS.test(request.url ?? '')) return next();
    logged(request, response, next);
  };
}

export function safeUrl(url: string): string {
  const [path, query] = url.split('?', 2);
  const token = TOKEN_PATHS.exec(percentDecoded(path));
  const masked = token ? `/${token[1].toLowerCase()}/:token` : path;
  return query === undefined ? masked : `${masked}?…`;
}

/** Decodes %XX until nothing is left to decode; never throws on a malformed sequence. */
function percentDecoded(path: string): string {
  let current = path;
  for (let round = 0; round < 5; round++) {
    const next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (next === current) break;
    current = next;
  }
  return current;
}
