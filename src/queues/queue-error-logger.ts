import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUES } from './queue-names.js';

const QUIET_MS = 10_000;

/**
 * While Redis is away every queue reports each reconnect attempt as an error. One line per queue
 * every ten seconds says so in the log; BullMQ would otherwise print each to stderr unformatted.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      let lastLogged = 0;
      queue.on('error', (error) => {
        if (Date.now() - lastLogged < QUIET_MS) return;
        lastLogged = Date.now();
        this.logger.warn(`queue ${name}: ${error.message}`);
      });
    }
  }
}
