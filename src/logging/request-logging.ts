import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;
// Links in emails carry signed tokens in their path: a log line must not be a working link.
const TOKEN_PATHS = /^\/(confirm|unsubscribe|preferences)\/[^/?]+/;
const QUIET = /^\/(health|metrics|admin\/assets)(\/|$)/;

/**
 * One JSON line per request with its id (the caller's X-Request-Id when it is sane, else a new
 * UUID, echoed back in the response), method, route-safe URL, status and time taken.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
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
}

export function safeUrl(url: string): string {
  const [path, query] = url.split('?', 2);
  const masked = path.replace(TOKEN_PATHS, '/$1/:token');
  return query === undefined ? masked : `${masked}?…`;
}
