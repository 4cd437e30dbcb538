/** A message built ahead from a MimeTemplate (a campaign's, a confirmation's): sent as it is. */
export interface PreparedEmail {
  to: string;
  raw: Buffer;
  /** The envelope sender (MAIL FROM), where bounces go: a VERP address naming this message. */
  envelopeFrom?: string;
}

/** The one thing the rest of the service knows about sending mail. */
export interface Mailer {
  send(email: PreparedEmail): Promise<void>;
  verify(): Promise<void>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

/** Adds the message's signature headers (DKIM) in front of it; the message itself is unchanged. */
export interface MessageSigner {
  sign(raw: Buffer): Promise<Buffer>;
}

/** A refusal that retrying will not change (SMTP 5xx): the job fails without another attempt. */
export class PermanentMailError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}
