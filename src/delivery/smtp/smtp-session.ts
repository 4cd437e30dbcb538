import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { heloName, hostDomainName } from './helo-name.js';
import {
  ReplyReader,
  type SmtpReply,
  SmtpConnectionError,
  SmtpReplyError,
  refusal,
} from './smtp-replies.js';

export interface SmtpTarget {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte. Otherwise STARTTLS is used whenever the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  timeoutMs: number;
  /** The name we greet with (EHLO); unset, the host's FQDN or else our address literal. */
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
  private closing = false;
  private idleTimer?: NodeJS.Timeout;
  private name?: string;

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
    return !this.closing && !this.replies.failed && !this.socket.destroyed;
  }

  /**
   * Sends one message to one recipient. A refusal throws SmtpReplyError and leaves the session
   * ready for the next message; a 421 throws SmtpClosingError (the message was not accepted) and
   * a failed connection SmtpConnectionError, and either leaves the session unusable.
   */
  async send(from: string, to: string, message: Buffer): Promise<void> {
    try {
      await this.envelope(from, to);
    } catch (error) {
      if (error instanceof SmtpReplyError && this.usable) await this.reset();
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
    // The first refusal is the answer, even when the server then hangs up (Postfix under stress
    // answers the command after an error with 421 too many errors).
    let refused: SmtpReply | undefined;
    for (const accepts of [isMailOk, isRcptOk, isDataOk]) {
      let reply: SmtpReply;
      try {
        reply = await this.reply();
      } catch (error) {
        if (refused) break;
        throw error;
      }
      if (!refused && !accepts(reply.code)) refused = reply;
      // DATA accepted for a refused envelope: end it empty, and the server drops it.
      if (refused && reply.code === 354) {
        this.socket.write(END_OF_DATA);
        await this.reply().catch(() => undefined);
      }
    }
    if (refused) throw refusal(refused);
  }

  /** After a refused envelope; a server that does not take RSET has this session closed. */
  private async reset(): Promise<void> {
    const reply = await this.commandReply('RSET\r\n').catch(() => undefined);
    if (reply && reply.code !== 250 && this.usable) this.quit();
  }

  /**
   * An idle session that is not used again within `idleMs` is closed with QUIT. Meanwhile the
   * reply timeout is off: it is for a server that stops answering, and it must not drop an idle
   * session without the QUIT.
   */
  closeWhenIdle(idleMs: number, onClose: () => void): void {
    clearTimeout(this.idleTimer);
    this.socket.setTimeout(0);
    this.idleTimer = setTimeout(() => {
      onClose();
      this.quit();
    }, idleMs);
    this.idleTimer.unref();
  }

  keep(): void {
    clearTimeout(this.idleTimer);
    this.socket.setTimeout(this.target.timeoutMs);
  }

  quit(): void {
    clearTimeout(this.idleTimer);
    this.closing = true;
    if (this.socket.destroyed) return;
    this.socket.setTimeout(0);
    this.socket.end('QUIT\r\n');
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    this.socket?.destroy();
  }

  private async handshake(): Promise<void> {
    const { host, port, secure, timeoutMs } = this.target;
    // Looked up (once per process) while the connection opens.
    if (!this.target.heloName) void hostDomainName();
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
      // The TLS socket's own timeout takes over (and is the one an idle session turns off).
      plain.setTimeout(0);
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
    this.name ??= await heloName(this.target.heloName, this.socket.localAddress);
    this.socket.write(`EHLO ${this.name}\r\n`);
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

const isMailOk = (code: number) => code === 250;
const isRcptOk = (code: number) => code === 250 || code === 251;
const isDataOk = (code: number) => code === 354;
