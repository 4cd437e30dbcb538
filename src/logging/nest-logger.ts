import { createRootLogger, PinoNestLogger } from './pino-logger.js';

/** Every process logs JSON lines through one pino logger; Nest's messages included. */
export function nestLogger(...[level, role]: Parameters<typeof createRootLogger>) {
  const root = createRootLogger(level, role);
  return { root, logger: new PinoNestLogger(root) };
}
