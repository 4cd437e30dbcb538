import { bounceType } from './bounce-policy.js';
import { classifyRefusal } from './smtp-refusal.js';

describe('a relay refusing a recipient while we send', () => {
  const verdict = (code: number, message: string) =>
    bounceType(classifyRefusal('reader@example.net', code, message));

  it('an unknown user is hard', () => {
    expect(
      verdict(550, '5.1.1 <reader@example.net>: Recipient address rejected: User unknown'),
    ).toBe('hard');
  });

  it('a spam or policy refusal with a 550 is blocked, not hard', () => {
    expect(verdict(550, '5.7.1 Message rejected as spam by Content Filtering')).toBe('blocked');
    expect(
      verdict(554, '5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org'),
    ).toBe('blocked');
  });

  it('a full mailbox is soft', () => {
    expect(verdict(552, '5.2.2 Mailbox full')).toBe('soft');
  });
});
