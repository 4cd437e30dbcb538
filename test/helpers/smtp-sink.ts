import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  parsed: ParsedMail;
  header(name: string): string;
}

type RcptHook = (address: string) => { code: number; message: string } | null;

/** A real SMTP server on loopback that keeps what it receives, for tests to read and follow. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Called on RCPT TO; return a reply to refuse that recipient (e.g. 451 or 550). */
  onRecipient: RcptHook = () => null;
  /** Called when DATA starts; a test can hold the reply to simulate a slow server. */
  onDataStart: () => Promise<void> = async () => {};
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.onRecipient(address.address);
        if (!refusal) return callback();
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const started = this.onDataStart();
        simpleParser(stream)
          .then(async (parsed) => {
            await started;
            this.messages.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              parsed,
              header: (name) => headerText(parsed, name),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The raw text of a header as it was sent (first occurrence), unfolded. */
function headerText(parsed: ParsedMail, name: string): string {
  const line = parsed.headerLines.find((entry) => entry.key === name.toLowerCase());
  if (!line) return '';
  return line.line
    .slice(line.line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
