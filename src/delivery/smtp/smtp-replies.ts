import type { Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  /** Every line of the reply, without the code, joined by spaces. */
  text: string;
  lines: string[];
}

/**
 * Reads complete SMTP replies off a socket, in order (a multi-line reply is one reply). A socket
 * that closes or fails rejects what is awaited, then and later; so does a 421 (the server is
 * closing the connection), once it has been read.
 */
export class ReplyReader {
  private buffered = '';
  private lines: string[] = [];
  private readonly ready: SmtpReply[] = [];
  private waiting: { resolve: (reply: SmtpReply) => void; reject: (error: Error) => void } | null =
    null;
  private failure: Error | null = null;

  constructor(socket: Socket) {
    this.attach(socket);
  }

  /** After STARTTLS the same conversation goes on over the TLS socket. */
  attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () =>
      this.fail(new SmtpConnectionError('the SMTP server closed the connection')),
    );
  }

  next(): Promise<SmtpReply> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.deliver();
    });
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.deliver();
  }

  private read(chunk: Buffer): void {
    this.buffered += chunk.toString('latin1');
    let end: number;
    while ((end = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, end).replace(/\r$/, '');
      this.buffered = this.buffered.slice(end + 1);
      this.lines.push(line.slice(4));
      if (line[3] === '-') continue;
      const reply = {
        code: Number(line.slice(0, 3)) || 0,
        text: this.lines.join(' '),
        lines: this.lines,
      };
      this.ready.push(reply);
      this.lines = [];
      if (reply.code === 421) this.failure ??= refusal(reply);
    }
    this.deliver();
  }

  private deliver(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    if (this.ready.length > 0) {
      this.waiting = null;
      waiting.resolve(this.ready.shift()!);
    } else if (this.failure) {
      this.waiting = null;
      waiting.reject(this.failure);
    }
  }
}

/** The connection failed or closed: nothing was said about the recipient. */
export class SmtpConnectionError extends Error {
  readonly code = 'ECONNECTION';
}

/** The server answered a command with an error reply. */
export class SmtpReplyError extends Error {
  constructor(
    readonly responseCode: number,
    readonly response: string,
  ) {
    super(response);
  }
}

/**
 * 421: the server is closing the connection (too many errors, a timeout, shutting down). The
 * message in hand was not accepted, so it may be sent again on another connection.
 */
export class SmtpClosingError extends SmtpReplyError {
  constructor(response: string) {
    super(421, response);
  }
}

export function refusal(reply: SmtpReply): SmtpReplyError {
  const response = `${reply.code} ${reply.text}`;
  return reply.code === 421
    ? new SmtpClosingError(response)
    : new SmtpReplyError(reply.code, response);
}
