import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP relay on loopback that counts whom each accepted message was for, and can be killed
 * outright: its port closes and every open connection is destroyed where it stands, mid-message
 * included. A message counts once the server replies 250 to it, in the same tick, so a message it
 * counted is one the client was told it accepted.
 */
export class RelayServer {
  /** One entry per accepted message: its recipient. */
  readonly accepted: string[] = [];
  private server!: SMTPServer;
  private readonly sockets = new Set<Socket>();
  private killAt = Infinity;
  port = 0;

  /** On a free port, or on `port` (a relay that comes back where it was). */
  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream: SMTPServerDataStream, session, callback) => {
        readAll(stream)
          .then(() => {
            this.accepted.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
            callback();
            if (this.accepted.length === this.killAt) setImmediate(() => this.kill());
          })
          .catch((error: Error) => callback(error));
      },
    });
    this.server.on('error', () => undefined);
    this.server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** Dies right after accepting its `count`th message, whatever its other connections are doing. */
  killAfter(count: number): void {
    this.killAt = count;
  }

  kill(): void {
    this.server.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  get label(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `smtp://${this.label}`;
  }

  /** At the end of a test: killing it is all there is to stopping it. */
  stop(): void {
    this.kill();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const chunk of stream) void chunk;
}
