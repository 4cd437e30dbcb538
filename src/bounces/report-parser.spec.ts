import { fixtureReport } from '../../test/fixtures/reports.js';
import { bounceKind, messageOrigin } from './bounce-kind.js';
import { parseReport } from './report-parser.js';

describe('reading bounce reports', () => {
  it('reads a Postfix DSN: recipient, action, status, diagnostic and our ids', () => {
    const report = parseReport(
      fixtureReport('dsn-postfix.eml', {
        recipient: 'reader-7@readers.example',
        messageId: '<campaign.12.7@news.example>',
        ref: 'c12.s7',
      }),
    );
    expect(report).toEqual({
      kind: 'delivery-status',
      recipients: [
        {
          email: 'reader-7@readers.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: 'smtp; 550 5.1.1 User unknown in virtual mailbox table',
        },
      ],
      original: {
        messageId: '<campaign.12.7@news.example>',
        ref: 'c12.s7',
        to: 'reader-7@readers.example',
      },
    });
    if (report?.kind !== 'delivery-status') throw new Error('not read as a DSN');
    expect(bounceKind(report.recipients[0])).toBe('hard');
  });

  it('reads an ARF complaint with the complaining address', () => {
    const report = parseReport(
      fixtureReport('arf-complaint.eml', {
        recipient: 'reader-9@readers.example',
        messageId: '<campaign.3.9@news.example>',
      }),
    );
    expect(report).toMatchObject({
      kind: 'feedback',
      feedbackType: 'abuse',
      email: 'reader-9@readers.example',
      original: { messageId: '<campaign.3.9@news.example>' },
    });
  });

  it('reads bare status fields, as some MTAs pipe them', () => {
    const report = parseReport(
      'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.example\nAction: delayed\nStatus: 4.4.1\n',
    );
    expect(report).toMatchObject({ recipients: [{ email: 'a@b.example', action: 'delayed' }] });
  });

  it('finds nothing in what is not a report', () => {
    expect(parseReport('Subject: hello\n\nnot a report')).toBeNull();
    expect(parseReport('')).toBeNull();
  });
});

describe('what a report means', () => {
  const recipient = (action: string, status: string) => ({
    email: 'a@b',
    action,
    status,
    diagnostic: '',
  });

  it('tells hard from soft and ignores successes', () => {
    expect(bounceKind(recipient('failed', '5.1.1'))).toBe('hard');
    expect(bounceKind(recipient('failed', '5.2.2'))).toBe('soft');
    expect(bounceKind(recipient('failed', '4.4.7'))).toBe('soft');
    expect(bounceKind(recipient('delayed', '4.2.0'))).toBe('soft');
    expect(bounceKind(recipient('delivered', '2.0.0'))).toBeNull();
    expect(bounceKind(recipient('relayed', '2.0.0'))).toBeNull();
  });

  it('matches our Message-ID or X-Nashra-Ref back to campaign and subscriber', () => {
    expect(messageOrigin('<campaign.12.7@news.example>')).toEqual({
      campaignId: 12,
      subscriberId: 7,
    });
    expect(messageOrigin(null, 'c4.s99')).toEqual({ campaignId: 4, subscriberId: 99 });
    expect(messageOrigin('<x@y>', 'nonsense')).toBeNull();
  });
});
