import type { AddressInfo, Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The envelope sender (MAIL FROM): where a bounce of this message would go. */
  mailFrom: string;
  /** Parsed fully, or only its headers when the sink was started with `headersOnly`. */
  parsed: ParsedMail;
  /** The message exactly as it arrived (after the SMTP dot-unstuffing). */
  raw: Buffer;
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
  private readonly sockets = new Set<Socket>();
  private readonly busy = new Set<string>();
  private down = false;
  port = 0;

  /** headersOnly: for thousands of messages, skip parsing bodies (MIME parsing dominates the test's CPU). */
  constructor(private readonly options: { headersOnly?: boolean } = {}) {}

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
        this.busy.add(session.id);
        const started = this.onDataStart();
        readAll(stream)
          .then(async (raw) => {
            const parsed = await (this.options.headersOnly ? parseHeaders(raw) : simpleParser(raw));
            await started;
            this.messages.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              parsed,
              raw,
              header: (name) => headerText(parsed, name),
            });
            callback();
            this.busy.delete(session.id);
            if (this.down) setImmediate(() => this.dropIdleConnections());
          })
          .catch((error: Error) => callback(error));
      },
    });
    // A client killed mid-session resets its connection; that is what some tests do on purpose.
    this.server.on('error', () => undefined);
    this.server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /**
   * The server goes away for `ms`: new connections are refused and open ones are dropped (each
   * right after the message it is receiving, so no message is half-accepted), then it comes back
   * on the same port.
   */
  async goDownFor(ms: number): Promise<void> {
    this.down = true;
    await new Promise<void>((resolve) => this.server.server.close(() => resolve()));
    this.dropIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.down = false;
    await new Promise<void>((resolve) =>
      this.server.server.listen(this.port, '127.0.0.1', () => resolve()),
    );
  }

  private dropIdleConnections(): void {
    if (this.busy.size > 0) return;
    for (const socket of this.sockets) socket.destroy();
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

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses only a message's header block. */
function parseHeaders(raw: Buffer): Promise<ParsedMail> {
  const text = raw.toString('utf8');
  const head = text.slice(0, text.search(/\r?\n\r?\n/));
  return simpleParser(`${head}\r\n\r\n`);
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
