import { describe, expect, it } from '@jest/globals';
import { classifyReason, isHardBounce } from './classify-reason.js';
import type { FailedRecipient } from './failed-recipient.js';

function failed(status: string, diagnostic: string, replyCode = ''): FailedRecipient {
  return { recipient: 'user@example.com', action: 'failed', status, replyCode, diagnostic };
}

function hardness(recipient: FailedRecipient): boolean {
  return isHardBounce(classifyReason(recipient), recipient.status, recipient.replyCode);
}

describe('classifyReason', () => {
  it('reads a 5.7.1 spam rejection as soft', () => {
    const recipient = failed(
      '5.7.1',
      '554 5.7.1 Message rejected as spam by Content Filtering',
      '554',
    );
    expect(classifyReason(recipient)).not.toBe('userunknown');
    expect(hardness(recipient)).toBe(false);
  });

  it('reads a policy block with a 5.1.1 status as soft', () => {
    const recipient = failed(
      '5.1.1',
      '550 5.1.1 Client host rejected: blocked using zen.spamhaus.org',
      '550',
    );
    expect(classifyReason(recipient)).toBe('blocked');
    expect(hardness(recipient)).toBe(false);
  });

  it('reads a full mailbox (5.2.2) as soft', () => {
    const recipient = failed('5.2.2', '552 5.2.2 Mailbox full', '552');
    expect(classifyReason(recipient)).toBe('mailboxfull');
    expect(hardness(recipient)).toBe(false);
  });

  it('reads 5.1.1 as an unknown user, hard', () => {
    const recipient = failed(
      '5.1.1',
      '550 5.1.1 <user@example.com>: Recipient address rejected: User unknown',
      '550',
    );
    expect(classifyReason(recipient)).toBe('userunknown');
    expect(hardness(recipient)).toBe(true);
  });

  it('reads a 4.1.1 user unknown as userunknown', () => {
    expect(
      classifyReason(failed('4.1.1', '450 4.1.1 <user@example.com>: user unknown', '450')),
    ).toBe('userunknown');
  });

  it('keeps a temporary 4xx failure soft', () => {
    const recipient = failed('4.2.0', '451 4.2.0 temporarily deferred, try again later', '451');
    expect(hardness(recipient)).toBe(false);
  });

  it('gives the reason a reader set when it is specific', () => {
    expect(classifyReason({ ...failed('5.1.1', 'User unknown'), reason: 'suspend' })).toBe(
      'suspend',
    );
  });

  it("keeps a reader's own userunknown against words a content filter would also say", () => {
    const recipient = {
      ...failed('', 'The recipient name is not recognized'),
      reason: 'userunknown' as const,
    };
    expect(classifyReason(recipient)).toBe('userunknown');
  });

  it('reads "user unknown" as userunknown at RCPT TO, filtered after DATA', () => {
    const words = '550 5.2.1 <user@example.com>... User Unknown';
    expect(classifyReason({ ...failed('5.2.1', words, '550'), command: 'RCPT' })).toBe(
      'userunknown',
    );
    expect(classifyReason({ ...failed('5.2.1', words, '550'), command: 'DATA' })).toBe('filtered');
  });

  it('reads the recipient\'s own "Address rejected" under 5.1.1 as userunknown', () => {
    const recipient = failed('5.1.1', '550 5.1.1 Address rejected user@example.com', '550');
    expect(classifyReason(recipient)).toBe('userunknown');
  });

  it('reads a null MX refusal as notaccept, hard', () => {
    const recipient = failed('5.7.27', '550 Host does not accept mail', '550');
    expect(classifyReason(recipient)).toBe('notaccept');
    expect(hardness(recipient)).toBe(true);
  });

  it('says onhold for words it cannot place, undefined for nothing at all', () => {
    expect(classifyReason(failed('', 'something odd happened'))).toBe('onhold');
    expect(classifyReason(failed('', ''))).toBe('undefined');
  });

  it('reads a multi-line reply as one sentence, without the codes that start its lines', () => {
    const words =
      '550-5.7.1 [192.0.2.222 13] Messages with multiple 550 5.7.1 addresses in From: header are not accepted.';
    expect(classifyReason(failed('5.7.1', words, '550'))).toBe('notcompliantrfc');
  });

  it('names the reason RFC 7372 codes give: authentication, reverse DNS', () => {
    expect(classifyReason(failed('5.7.26', '550 5.7.26 Multiple checks failed', '550'))).toBe(
      'authfailure',
    );
    expect(classifyReason(failed('5.7.25', '550 5.7.25 Reverse DNS failed', '550'))).toBe(
      'requireptr',
    );
    expect(classifyReason(failed('5.7.1', '550 5.7.1 Access denied', '550'))).toBe('securityerror');
  });

  it("prefers the server's own code to a catch-all Status", () => {
    const recipient = failed('4.4.7', '452 4.4.5 Insufficient disk space; try again later', '452');
    expect(classifyReason(recipient)).toBe('systemfull');
  });

  it("reads an MTA's own diagnostic type by its words before its status", () => {
    const words =
      'x-postfix; host mx.example.com[192.0.2.1] said: 554 5.6.0 This message has been scored as spam with a probability of 90%';
    expect(classifyReason({ ...failed('5.6.0', words, '554'), command: 'DATA' })).toBe(
      'spamdetected',
    );
  });

  it('reads a refused greeting as blocked', () => {
    const words =
      'x-postfix; host mx.example.net[192.0.2.1] refused to talk to me: 421 Service not available';
    expect(classifyReason(failed('4.0.0', words, '421'))).toBe('blocked');
  });

  it('treats notaccept as hard only when permanent', () => {
    expect(isHardBounce('notaccept', '5.1.10', '550')).toBe(true);
    expect(isHardBounce('notaccept', '4.3.2', '421')).toBe(false);
  });
});
