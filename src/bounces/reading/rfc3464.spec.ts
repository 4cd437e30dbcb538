import { describe, expect, it } from '@jest/globals';
import type { BounceMessage } from './failed-recipient.js';
import { rfc3464Reader } from './rfc3464.js';

function report(deliveryStatus: string, headers: Record<string, string> = {}): BounceMessage {
  return {
    headers: new Map(Object.entries(headers)),
    subject: 'Delivery Status Notification (Failure)',
    from: 'mailer-daemon@mx.example.org',
    body: '',
    deliveryStatus,
    feedbackReport: null,
    returnedHeaders: null,
  };
}

describe('rfc3464Reader', () => {
  it('takes the mailbox after the colon of a source route', () => {
    const found = rfc3464Reader.read(
      report(
        'Final-Recipient: rfc822; @relay.example.net:user@example.com\nAction: failed\nStatus: 5.1.1\n',
      ),
    );
    expect(found?.map((recipient) => recipient.recipient)).toEqual(['user@example.com']);
  });

  it('finds the address in a pipe recipient', () => {
    const found = rfc3464Reader.read(
      report(
        'Final-Recipient: rfc822;|/usr/bin/procmail user@example.com\nAction: failed\nStatus: 5.0.0\n',
      ),
    );
    expect(found?.[0].recipient).toBe('user@example.com');
  });

  it('falls back to Original-Recipient when Final-Recipient is unusable', () => {
    const found = rfc3464Reader.read(
      report(
        'Final-Recipient: rfc822; <>\nOriginal-Recipient: rfc822; kept@example.com\nAction: failed\nStatus: 5.1.1\n',
      ),
    );
    expect(found?.[0].recipient).toBe('kept@example.com');
  });

  it('skips one unusable recipient and keeps the others', () => {
    const text = [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; first@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; /var/spool/mail/nobody',
      'Action: failed',
      'Status: 5.0.0',
      '',
      'Final-Recipient: rfc822; third@example.com',
      'Action: failed',
      'Status: 5.2.2',
    ].join('\n');
    expect(rfc3464Reader.read(report(text))?.map((recipient) => recipient.recipient)).toEqual([
      'first@example.com',
      'third@example.com',
    ]);
  });

  it('reads Action: failed without a Status as failed, the status taken from the diagnostic', () => {
    const found = rfc3464Reader.read(
      report(
        'Final-Recipient: rfc822; user@example.com\nAction: failed\nDiagnostic-Code: smtp; 550 5.1.1 <user@example.com>: User unknown\n',
      ),
    );
    expect(found?.[0]).toMatchObject({ action: 'failed', status: '5.1.1', replyCode: '550' });
    expect(found?.[0].diagnostic).toBe('550 5.1.1 <user@example.com>: User unknown');
  });

  it('keeps a 4.1.1 user unknown as a delayed recipient with its status', () => {
    const found = rfc3464Reader.read(
      report(
        'Final-Recipient: rfc822; user@example.com\nStatus: 4.1.1\nDiagnostic-Code: smtp; 450 4.1.1 user unknown\n',
      ),
    );
    expect(found?.[0]).toMatchObject({ action: 'delayed', status: '4.1.1', replyCode: '450' });
  });

  it('adds the X-Failed-Recipients the fields did not name', () => {
    const found = rfc3464Reader.read(
      report('Final-Recipient: rfc822; one@example.com\nAction: failed\nStatus: 5.1.1\n', {
        'x-failed-recipients': 'one@example.com, two@example.com',
      }),
    );
    expect(found?.map((recipient) => recipient.recipient)).toEqual([
      'one@example.com',
      'two@example.com',
    ]);
  });

  it('returns null for a report without recipients', () => {
    expect(rfc3464Reader.read(report('Reporting-MTA: dns; mx.example.org\n'))).toBeNull();
  });
});
