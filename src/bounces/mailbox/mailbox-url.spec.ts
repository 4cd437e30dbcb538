import { parseMailboxUrl } from './mailbox-url.js';

describe('the bounce mailbox URL', () => {
  it('reads host, port, TLS, credentials and folder, and labels itself without the credentials', () => {
    expect(parseMailboxUrl('imaps://bounces:s3cret@imap.example.com:993/INBOX')).toEqual({
      host: 'imap.example.com',
      port: 993,
      secure: true,
      user: 'bounces',
      password: 's3cret',
      mailbox: 'INBOX',
      label: 'imaps://imap.example.com:993/INBOX',
    });
  });

  it('defaults the port by scheme and the folder to INBOX', () => {
    expect(parseMailboxUrl('imap://u:p@127.0.0.1')).toMatchObject({
      port: 143,
      secure: false,
      mailbox: 'INBOX',
    });
    expect(parseMailboxUrl('imaps://u:p@imap.example.com/')).toMatchObject({
      port: 993,
      secure: true,
      mailbox: 'INBOX',
    });
  });

  it('percent-decodes user, password and folder', () => {
    const settings = parseMailboxUrl(
      'imaps://bounces%40example.com:p%40ss%3Aw%2Ford@imap.example.com/Bounces%2FNashra',
    );
    expect(settings).toMatchObject({
      user: 'bounces@example.com',
      password: 'p@ss:w/ord',
      mailbox: 'Bounces/Nashra',
    });
    expect(settings.label).not.toContain('p@ss');
  });

  it('refuses a URL without credentials or of another scheme, never echoing the value', () => {
    for (const value of [
      'imaps://imap.example.com/INBOX',
      'imaps://only-user@imap.example.com/INBOX',
      'https://u:hunter22@imap.example.com/',
      'imaps://u:%E0%A4%A@imap.example.com/',
      'not a url hunter22',
    ]) {
      expect(() => parseMailboxUrl(value)).toThrow(/^BOUNCE_IMAP_URL: /);
      expect(() => parseMailboxUrl(value)).not.toThrow(/hunter22|%E0/);
    }
  });
});
