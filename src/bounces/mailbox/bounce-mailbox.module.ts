import { type DynamicModule, Module } from '@nestjs/common';
import { BouncesCoreModule } from '../bounces-core.module.js';
import { BounceMailbox, MAILBOX_SETTINGS } from './bounce-mailbox.service.js';
import { BounceMailboxPoller } from './bounce-mailbox.poller.js';
import { parseMailboxUrl } from './mailbox-url.js';

/**
 * The bounce mailbox (BOUNCE_IMAP_URL), read where jobs run and only when it is configured;
 * elsewhere an empty module. The URL is checked here, at start: a worker with a URL it cannot
 * use refuses to start, naming the variable.
 */
@Module({})
export class BounceMailboxModule {
  static forRole(runsJobs: boolean, mailboxUrl: string | undefined): DynamicModule {
    if (!runsJobs || !mailboxUrl) return { module: BounceMailboxModule };
    return {
      module: BounceMailboxModule,
      imports: [BouncesCoreModule],
      providers: [
        { provide: MAILBOX_SETTINGS, useValue: parseMailboxUrl(mailboxUrl) },
        BounceMailbox,
        BounceMailboxPoller,
      ],
      exports: [BounceMailbox],
    };
  }
}
