import { type INestApplicationContext, Logger } from '@nestjs/common';
import { Server } from 'node:http';
import { ConfigError, loadConfig } from './config/config.js';

/**
 * Entry point for every role. SIGTERM/SIGINT drain: HTTP stops accepting at once, running jobs
 * finish (BullMQ's worker.close waits for them), connections close, and the process exits 0.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Nashra');
  let context: INestApplicationContext;
  let server: Server | null = null;
  if (config.ROLE === 'worker') {
    // Imported by role: a worker never loads the HTTP side (app.ts), an API process never the rest.
    const { createWorkerContext } = await import('./worker.js');
    context = await createWorkerContext(config);
    await context.init();
  } else {
    const { createHttpApp } = await import('./app.js');
    const app = await createHttpApp(config);
    await app.listen(config.PORT, config.HOST);
    server = app.getHttpServer() as Server;
    context = app;
    logger.log(`${config.ROLE} listening on ${config.PUBLIC_URL} (port ${config.PORT})`);
  }
  logger.log(`queues and Redis keys under the prefix ${config.QUEUE_PREFIX}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining`);
    server?.close();
    server?.closeIdleConnections();
    await context.close();
    // The last line an operator reads: everything drained, nothing left half done.
    logger.log(`stopped (${signal}): running jobs finished, connections closed`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
