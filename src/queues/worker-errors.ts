import type { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';

/**
 * A BullMQ worker reports Redis trouble (a lost connection, a job whose keys vanished with a
 * flushed Redis) as 'error' events. With no listener, Node throws them: log them instead, and let
 * the worker reconnect and the sweepers put back what was lost.
 */
export function logWorkerErrors(worker: Worker, logger: Logger): void {
  worker.on('error', (error) => logger.warn(`worker error: ${error.message}`));
}
