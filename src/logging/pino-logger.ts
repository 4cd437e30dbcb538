import type { LoggerService } from '@nestjs/common';
import { pino, type Logger, type LevelWithSilent } from 'pino';

const LEVELS: Record<string, LevelWithSilent> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** One JSON line per event on stdout (pino): what log collectors read without parsing rules. */
export function createRootLogger(level: string, role: string): Logger {
  return pino({
    level: LEVELS[level] ?? 'info',
    base: { service: 'nashra', role, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** Nest's own messages (and every `new Logger(context)`) through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.logger.info(fields(rest), text(message));
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context); keep the stack as a field of its own.
    const context = rest.length > 0 ? rest[rest.length - 1] : undefined;
    const stack = rest.length > 1 ? rest[0] : undefined;
    this.logger.error(
      {
        ...(typeof context === 'string' ? { context } : {}),
        ...(typeof stack === 'string' ? { stack } : {}),
        ...(message instanceof Error ? { err: message } : {}),
      },
      text(message),
    );
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.logger.warn(fields(rest), text(message));
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.logger.debug(fields(rest), text(message));
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.logger.trace(fields(rest), text(message));
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.logger.fatal(fields(rest), text(message));
  }
}

function fields(rest: unknown[]): Record<string, unknown> {
  const context = rest[rest.length - 1];
  return typeof context === 'string' ? { context } : {};
}

function text(message: unknown): string {
  if (message instanceof Error) return message.message;
  return typeof message === 'string' ? message : JSON.stringify(message);
}
