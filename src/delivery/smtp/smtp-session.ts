import { connect as connectTcp, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as connectTls } from 'node:tls';
import {
  ReplyReader,
  type SmtpReply,
  SmtpConnectionError,
  SmtpReplyError,
} from './smtp-replies.js';

export interface SmtpTarget {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte. Otherwise STARTTLS is used whenever the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  timeoutMs: number;
  /** The name we greet with (EHLO). */
  heloName?: string;
}

const END_OF_DATA = Buffer.from('.\r\n');

/**
 * One SMTP connection that sends prebuilt messages: the message goes to the socket as it is
 * (MimeTemplate writes CRLF lines and never starts one with a dot), so sending costs no work per
 * byte. With PIPELINING, MAIL, RCPT and DATA go out together.
 */
export class SmtpSession {
  private socket!: Socket;
  private replies!: ReplyReader;
  private pipelining = false;
  private idleTimer?: NodeJS.Timeout;

  private constructor(private readonly target: SmtpTarget) {}

  static async open(target: SmtpTarget): Promise<SmtpSession> {
    const session = new SmtpSession(target);
    try {
      await session.handshake();
    } catch (error) {
      session.destroy();
      throw error;
    }
    return session;
  }

  get usable(): boolean {
    return !this.replies.failed && !this.socket.destroyed;
  }

  /**
   * Sends one message to one recipient. A refusal throws SmtpReplyError and leaves the session
   * ready for the next message; a failed connection throws SmtpConnectionError.
   */
  async send(from: string, to: string, message: Buffer): Promise<void> {
    try {
      await this.envelope(from, to);
    } catch (error) {
      if (error instanceof SmtpReplyError && this.usable) await this.command('RSET\r\n', 250);
      throw error;
    }
    this.socket.write(message);
    this.socket.write(END_OF_DATA);
    const accepted = await this.reply();
    if (accepted.code !== 250) throw refusal(accepted);
  }

  /** MAIL, RCPT and DATA: in one write with PIPELINING, else one at a time. */
  private async envelope(from: string, to: string): Promise<void> {
    const mail = `MAIL FROM:<${from}>\r\n`;
    const rcpt = `RCPT TO:<${to}>\r\n`;
    if (!this.pipelining) {
      await this.command(mail, 250);
      await this.command(rcpt, 250);
      await this.command('DATA\r\n', 354);
      return;
    }
    this.socket.write(`${mail}${rcpt}DATA\r\n`);
    const mailReply = await this.reply();
    const rcptReply = await this.reply();
    const dataReply = await this.reply();
    if (mailReply.code === 250 && rcptReply.code < 300 && dataReply.code === 354) return;
    // DATA accepted for a refused envelope: end it empty, and the server drops it.
    if (dataReply.code === 354) {
      this.socket.write(END_OF_DATA);
      await this.reply();
    }
    throw refusal(
      mailReply.code !== 250 ? mailReply : rcptReply.code >= 300 ? rcptReply : dataReply,
    );
  }

  /** Closes politely; an idle session that is never used again goes after `idleMs`. */
  closeWhenIdle(idleMs: number, onClose: () => void): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      onClose();
      this.quit();
    }, idleMs);
    this.idleTimer.unref();
  }

  keep(): void {
    clearTimeout(this.idleTimer);
  }

  quit(): void {
    clearTimeout(this.idleTimer);
    if (this.socket.destroyed) return;
    this.socket.end('QUIT\r\n');
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    this.socket?.destroy();
  }

  private async handshake(): Promise<void> {
    const { host, port, secure, timeoutMs } = this.target;
    this.socket = secure
      ? connectTls({ host, port, servername: host })
      : connectTcp({ host, port });
    this.watch(this.socket);
    this.replies = new ReplyReader(this.socket);
    await this.expect(await this.reply(), 220);
    let features = await this.ehlo();
    if (!secure && features.has('STARTTLS')) {
      await this.command('STARTTLS\r\n', 220);
      const plain = this.socket;
      plain.removeAllListeners('data');
      this.socket = connectTls({ socket: plain, servername: host });
      this.watch(this.socket);
      this.replies = new ReplyReader(this.socket);
      await new Promise<void>((resolve, reject) => {
        this.socket.once('secureConnect', resolve);
        this.socket.once('error', reject);
      });
      features = await this.ehlo();
    }
    this.pipelining = features.has('PIPELINING');
    if (this.target.user) await this.authenticate(features);
    this.socket.setTimeout(timeoutMs);
  }

  private async ehlo(): Promise<Set<string>> {
    this.socket.write(`EHLO ${this.target.heloName ?? (hostname() || 'localhost')}\r\n`);
    const reply = await this.reply();
    await this.expect(reply, 250);
    return new Set(reply.lines.slice(1).map((line) => line.split(' ')[0].toUpperCase()));
  }

  private async authenticate(features: Set<string>): Promise<void> {
    const user = this.target.user ?? '';
    const password = this.target.password ?? '';
    if (!features.has('AUTH')) throw new SmtpConnectionError('the SMTP server offers no AUTH');
    const plain = Buffer.from(`\0${user}\0${password}`).toString('base64');
    const reply = await this.commandReply(`AUTH PLAIN ${plain}\r\n`);
    if (reply.code === 235) return;
    // Servers that do not take PLAIN take LOGIN.
    await this.command('AUTH LOGIN\r\n', 334);
    await this.command(`${Buffer.from(user).toString('base64')}\r\n`, 334);
    await this.command(`${Buffer.from(password).toString('base64')}\r\n`, 235);
  }

  private watch(socket: Socket): void {
    socket.setNoDelay(true);
    socket.setTimeout(this.target.timeoutMs);
    socket.on('timeout', () => {
      this.replies?.fail(new SmtpConnectionError('the SMTP server did not answer in time'));
      socket.destroy();
    });
    socket.on('error', () => undefined);
  }

  private reply(): Promise<SmtpReply> {
    return this.replies.next();
  }

  private async commandReply(line: string): Promise<SmtpReply> {
    this.socket.write(line);
    return this.reply();
  }

  private async command(line: string, expected: number): Promise<SmtpReply> {
    const reply = await this.commandReply(line);
    await this.expect(reply, expected);
    return reply;
  }

  private async expect(reply: SmtpReply, code: number): Promise<void> {
    if (reply.code !== code) throw refusal(reply);
  }
}

function refusal(reply: SmtpReply): SmtpReplyError {
  return new SmtpReplyError(reply.code, `${reply.code} ${reply.text}`);
}
