import { describe, expect, it } from '@jest/globals';
import {
  commandInReport,
  commandInText,
  hostInText,
  recipientLineInTranscript,
  replyInTranscript,
  smtpCommand,
} from './smtp-command.js';

describe('smtpCommand', () => {
  it('names the command from the words MTAs use', () => {
    expect(smtpCommand('rcpt to')).toBe('RCPT');
    expect(smtpCommand('end of data')).toBe('DATA');
    expect(smtpCommand('initial connection')).toBe('CONN');
    expect(smtpCommand('QUIT')).toBeUndefined();
  });
});

describe('commandInText', () => {
  it('reads Postfix, Exim and DragonFly wording', () => {
    expect(commandInText('550 5.1.1 User unknown (in reply to RCPT TO command)')).toBe('RCPT');
    expect(commandInText('SMTP error from remote mail server after end of data: 554')).toBe('DATA');
    expect(commandInText('mx.example.jp [192.0.2.1] did not like our RCPT TO: 550')).toBe('RCPT');
    expect(commandInText('550 5.7.1 spam')).toBeUndefined();
  });
});

describe('commandInReport', () => {
  it('finds the command Postfix wraps onto the next line', () => {
    const body =
      '<user@example.jp>: host mx.example.jp[192.0.2.1] said: 550\n' +
      '    Recipient address rejected. (in reply to RCPT\n    TO command)\n';
    expect(commandInReport(body, 'user@example.jp')).toBe('RCPT');
  });

  it('reads a Sendmail transcript', () => {
    const body = '>>> RCPT To:<user@example.jp>\n<<< 550 5.1.1 User unknown\n';
    expect(commandInReport(body, 'user@example.jp')).toBe('RCPT');
  });
});

describe('hostInText', () => {
  it('takes the host name, not an address', () => {
    expect(hostInText('host mx.example.jp [192.0.2.1]: 550 User unknown')).toBe('mx.example.jp');
    expect(hostInText('host 192.0.2.1 said: 550')).toBe('');
  });
});

describe('Sendmail transcripts', () => {
  const body = [
    '... while talking to mx.example.com.:',
    '>>> DATA',
    "<<< 550-5.7.1 Unauthenticated email is not accepted due to domain's",
    '<<< 550 5.7.1 DMARC policy.',
    '<kijitora@example.jp>... Deferred: Connection refused by mx.example.jp.',
  ].join('\n');

  it('gives the whole reply a delivery-status part cut to its first line', () => {
    expect(
      replyInTranscript(body, "550-5.7.1 Unauthenticated email is not accepted due to domain's"),
    ).toBe(
      "550-5.7.1 Unauthenticated email is not accepted due to domain's 550 5.7.1 DMARC policy.",
    );
    expect(replyInTranscript(body, '550 5.1.1 User unknown')).toBe('');
  });

  it("gives Sendmail's own line about a recipient", () => {
    expect(recipientLineInTranscript(body, 'Kijitora@example.jp')).toBe(
      'Deferred: Connection refused by mx.example.jp.',
    );
    expect(recipientLineInTranscript(body, 'other@example.jp')).toBe('');
  });
});
