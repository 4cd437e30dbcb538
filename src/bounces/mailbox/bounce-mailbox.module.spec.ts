import { BounceMailboxModule } from './bounce-mailbox.module.js';
import { BounceMailboxPoller } from './bounce-mailbox.poller.js';
import { BounceMailbox } from './bounce-mailbox.service.js';

describe('where the bounce mailbox is read', () => {
  const URL = 'imaps://bounces:secret@imap.example.com/INBOX';

  it('only in a process that runs jobs, and only with BOUNCE_IMAP_URL set', () => {
    expect(BounceMailboxModule.forRole(true, URL).providers).toEqual(
      expect.arrayContaining([BounceMailbox, BounceMailboxPoller]),
    );
    expect(BounceMailboxModule.forRole(false, URL).providers ?? []).toEqual([]);
    expect(BounceMailboxModule.forRole(true, undefined).providers ?? []).toEqual([]);
  });

  it('refuses to start with a URL it cannot log in with', () => {
    expect(() => BounceMailboxModule.forRole(true, 'imaps://imap.example.com/INBOX')).toThrow(
      'BOUNCE_IMAP_URL: needs a user name and a password',
    );
  });
});
