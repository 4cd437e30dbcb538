import { bounceType, isStrike } from './bounce-policy.js';
import type { ClassifiedRecipient } from './reading/read-bounce.js';

const recipient = (fields: Partial<ClassifiedRecipient>): ClassifiedRecipient => ({
  recipient: 'reader@example.net',
  action: 'failed',
  status: '',
  replyCode: '',
  diagnostic: '',
  reason: 'undefined',
  hard: false,
  ...fields,
});

describe('what a failed recipient means for the reader', () => {
  it('a dead address is hard', () => {
    expect(bounceType(recipient({ reason: 'userunknown', hard: true }))).toBe('hard');
  });

  it('a spam, policy or authentication block is the sender’s problem: blocked, never a strike', () => {
    for (const reason of ['spamdetected', 'policyviolation', 'authfailure', 'blocked'] as const) {
      const blocked = recipient({ reason, status: '5.7.1', replyCode: '554' });
      expect([reason, bounceType(blocked), isStrike(blocked)]).toEqual([reason, 'blocked', false]);
    }
  });

  it('a full mailbox is soft and a strike; a delay warning or an unreadable reason is not', () => {
    expect(bounceType(recipient({ reason: 'mailboxfull' }))).toBe('soft');
    expect(isStrike(recipient({ reason: 'mailboxfull' }))).toBe(true);
    expect(isStrike(recipient({ reason: 'expired', action: 'delayed' }))).toBe(false);
    expect(isStrike(recipient({ reason: 'onhold' }))).toBe(false);
  });
});
