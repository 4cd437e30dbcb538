/** Where the bounce mailbox is and how to log in, read from BOUNCE_IMAP_URL. */
export interface MailboxSettings {
  host: string;
  port: number;
  /** imaps: TLS from the first byte; imap: STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder the reports arrive in (the URL's path; INBOX when it has none). */
  mailbox: string;
  /** The URL without its credentials: the only form of it that may be logged. */
  label: string;
}

/**
 * `imaps://user:pass@host:993/INBOX` (`imap://` on 143). User, password and folder are
 * percent-decoded, so a password may hold `@`, `:` or `/` written as `%40`, `%3A`, `%2F`.
 * Throws an error naming the variable, never its value.
 */
export function parseMailboxUrl(value: string): MailboxSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('BOUNCE_IMAP_URL: not a URL');
  }
  const secure = url.protocol === 'imaps:';
  if (!secure && url.protocol !== 'imap:') {
    throw new Error('BOUNCE_IMAP_URL: must be an imap:// or imaps:// URL');
  }
  const user = decode(url.username);
  const password = decode(url.password);
  if (!user || !password) {
    throw new Error('BOUNCE_IMAP_URL: needs a user name and a password (imaps://user:pass@host)');
  }
  const mailbox = decode(url.pathname.replace(/^\/+|\/+$/g, '')) || 'INBOX';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  return {
    host,
    port,
    secure,
    user,
    password,
    mailbox,
    label: `${url.protocol}//${url.host}/${mailbox}`,
  };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error('BOUNCE_IMAP_URL: holds a malformed %-escape');
  }
}
