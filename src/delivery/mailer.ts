export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Without angle brackets; derived from what is sent to whom, so a resend keeps it. */
  messageId: string;
  /** ASCII, already MIME-encoded where needed. */
  headers: Record<string, string>;
}

/** A message built ahead (a campaign's, from its MimeTemplate): sent as it is. */
export interface PreparedEmail {
  to: string;
  raw: Buffer;
}

/** The one thing the rest of the service knows about sending mail. */
export interface Mailer {
  send(email: OutgoingEmail | PreparedEmail): Promise<void>;
  verify(): Promise<void>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

/** A refusal that retrying will not change (SMTP 5xx): the job fails without another attempt. */
export class PermanentMailError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}
