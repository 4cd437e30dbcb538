import { afterEach, describe, expect, it } from '@jest/globals';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { addressLiteral, hostDomainName, isDomainName } from './helo-name.js';
import { IDLE_MS, SmtpPool, smtpTarget } from './smtp-pool.js';
import { SmtpClosingError, SmtpConnectionError, SmtpReplyError } from './smtp-replies.js';

type Refusal = { code: number; message: string } | null;

interface Hooks {
  onConnect?: () => Refusal;
  onMailFrom?: (session: SMTPServerSession) => Refusal;
  onRcptTo?: (address: string, session: SMTPServerSession) => Refusal;
  /** Called with the message as it arrived; a refusal answers its end of data. */
  onData?: (raw: string, session: SMTPServerSession) => Refusal | 'hang up';
}

/** A real SMTP server on loopback that records what it was sent, and on which connection. */
class TestServer {
  readonly received: { to: string; raw: string; connection: number }[] = [];
  /** Every command received and reply sent, as `C: QUIT`, `S: 221 Bye`, with its time. */
  readonly log: { line: string; at: number }[] = [];
  connections = 0;
  private server!: SMTPServer;
  private readonly sockets = new Map<number, Socket>();
  /** Session id → connection number, from 1. */
  private readonly numbers = new Map<string, number>();

  constructor(
    private readonly hooks: Hooks = {},
    private readonly options: Partial<SMTPServerOptions> = {},
  ) {}

  async start(host = '127.0.0.1'): Promise<this> {
    const record = (_entry: unknown, message: string, ...args: unknown[]): void => {
      if (message === 'C:' || message === 'S:')
        this.log.push({ line: `${message} ${args.join(' ')}`, at: Date.now() });
    };
    const reply = (refusal: Refusal, callback: (error?: Error | null) => void) => {
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    };
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      closeTimeout: 100,
      logger: { debug: record, info: () => undefined } as unknown as SMTPServerOptions['logger'],
      onConnect: (session, callback) => {
        this.connections += 1;
        this.numbers.set(session.id, this.connections);
        reply(this.hooks.onConnect?.() ?? null, callback);
      },
      onMailFrom: (_address, session, callback) =>
        reply(this.hooks.onMailFrom?.(session) ?? null, callback),
      onRcptTo: (address, session, callback) =>
        reply(this.hooks.onRcptTo?.(address.address, session) ?? null, callback),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString();
          const outcome = this.hooks.onData?.(raw, session) ?? null;
          if (outcome === 'hang up') return void this.sockets.get(session.remotePort)?.destroy();
          if (!outcome) {
            const connection = this.numbers.get(session.id)!;
            for (const to of session.envelope.rcptTo)
              this.received.push({ to: to.address, raw, connection });
          }
          reply(outcome, callback);
        });
      },
      ...this.options,
    });
    this.server.on('error', () => undefined);
    this.server.server.on('connection', (socket: Socket) => {
      this.sockets.set(socket.remotePort!, socket);
    });
    await new Promise<void>((resolve) => this.server.listen(0, host, () => resolve()));
    return this;
  }

  get url(): string {
    const { address, port } = this.server.server.address() as AddressInfo;
    return `smtp://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const FROM = 'news@example.org';
const message = (n: number) => Buffer.from(`Subject: ${n}\r\n\r\nmessage ${n}\r\n`);
const refusal = (code: number, message: string): Refusal => ({ code, message });

/** Not every CI host has an IPv6 loopback. */
const hasIpv6Loopback = await new Promise<boolean>((resolve) => {
  const probe = createServer()
    .once('error', () => resolve(false))
    .listen(0, '::1', () => probe.close(() => resolve(true)));
});

/** Postfix's reject_non_fqdn_helo_hostname, checked (as Postfix does by default) at RCPT. */
const fqdnOrLiteral = (name: string | false) =>
  !!name && (/^\[.+\]$/.test(name) || isDomainName(name));

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function serve(hooks: Hooks = {}, options: Partial<SMTPServerOptions> = {}, host?: string) {
  const server = await new TestServer(hooks, options).start(host);
  cleanup.push(() => server.stop());
  return server;
}

function poolFor(server: TestServer, extra: { heloName?: string; timeoutMs?: number } = {}) {
  const pool = new SmtpPool({ ...smtpTarget(server.url, extra.timeoutMs), ...extra }, 1);
  cleanup.push(() => pool.close());
  return pool;
}

describe('SMTP client: EHLO name', () => {
  const greetedWith: string[] = [];
  const strict: Hooks = {
    onRcptTo: (_address, session) => {
      greetedWith.push(String(session.hostNameAppearsAs));
      return fqdnOrLiteral(session.hostNameAppearsAs)
        ? null
        : refusal(504, '5.5.2 Helo command rejected: need fully-qualified hostname');
    },
  };
  afterEach(() => void greetedWith.splice(0));

  it('greets a server that refuses non-FQDN names with the host FQDN or our address literal', async () => {
    const server = await serve(strict);
    await poolFor(server).send(FROM, 'reader@example.net', message(1));

    expect(server.received).toHaveLength(1);
    expect(greetedWith).toEqual([(await hostDomainName()) ?? '[127.0.0.1]']);
  });

  (hasIpv6Loopback ? it : it.skip)(
    'greets over IPv6 with an IPv6 address literal when the host has no FQDN',
    async () => {
      const server = await serve(strict, {}, '::1');
      await poolFor(server).send(FROM, 'reader@example.net', message(1));

      expect(server.received).toHaveLength(1);
      expect(greetedWith).toEqual([(await hostDomainName()) ?? '[ipv6:::1]']);
    },
  );

  it('greets with SMTP_HELO_NAME when it is set', async () => {
    const server = await serve(strict);
    await poolFor(server, { heloName: 'mail.example.org' }).send(FROM, 'a@example.net', message(1));

    expect(greetedWith).toEqual(['mail.example.org']);
  });

  it('writes address literals as RFC 5321 does and takes no bare or loopback name for an FQDN', () => {
    expect(addressLiteral('192.0.2.1')).toBe('[192.0.2.1]');
    expect(addressLiteral('::ffff:192.0.2.1')).toBe('[192.0.2.1]');
    expect(addressLiteral('2001:db8::1')).toBe('[IPv6:2001:db8::1]');
    expect(addressLiteral('fe80::1%eth0')).toBe('[IPv6:fe80::1]');
    expect(['vm', '192.0.2.1', 'localhost.localdomain', 'a..b'].map(isDomainName)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(isDomainName('mail-1.example.org')).toBe(true);
  });
});

describe('SMTP client: idle sessions', () => {
  it('reuses an idle session past its reply timeout, then QUITs before Postfix drops it under stress (10 s)', async () => {
    const server = await serve({}, { socketTimeout: 10_000 });
    // The reply timeout (1 s) is shorter than the idle time: it must not drop the idle session.
    const pool = poolFor(server, { timeoutMs: 1000 });

    await pool.send(FROM, 'a@example.net', message(1));
    await sleep(1500);
    await pool.send(FROM, 'b@example.net', message(2));
    const idleFrom = Date.now();
    while (!server.log.some((entry) => entry.line === 'C: QUIT') && Date.now() - idleFrom < 12_000)
      await sleep(100);

    const quit = server.log.find((entry) => entry.line === 'C: QUIT');
    expect(server.connections).toBe(1);
    expect(server.received.map((mail) => mail.to)).toEqual(['a@example.net', 'b@example.net']);
    expect(quit).toBeDefined();
    expect(quit!.at - idleFrom).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(quit!.at - idleFrom).toBeLessThan(10_000);
    expect(server.log.filter((entry) => entry.line.startsWith('S: 421'))).toEqual([]);
  }, 20_000);
});

describe('SMTP client: 421, the server closing the connection', () => {
  it('sends a message refused with 421 at its end of data again, once, on a new connection', async () => {
    let dataSeen = 0;
    const server = await serve({
      onData: () => (++dataSeen === 3 ? refusal(421, '4.3.2 Shutting down') : null),
    });
    const pool = poolFor(server);

    for (let n = 1; n <= 5; n++) await pool.send(FROM, `r${n}@example.net`, message(n));

    expect(server.received.map((mail) => [mail.to, mail.connection])).toEqual([
      ['r1@example.net', 1],
      ['r2@example.net', 1],
      ['r3@example.net', 2],
      ['r4@example.net', 2],
      ['r5@example.net', 2],
    ]);
    expect(server.received.filter((mail) => mail.raw.includes('message 3'))).toHaveLength(1);
  });

  it('after "421 too many errors" following a refused recipient, the refusal stays the recipient’s and the next message goes on a new connection', async () => {
    const errors = new Map<string, number>();
    const server = await serve({
      // Postfix under stress (smtpd_hard_error_limit = 1): the command after an error gets 421.
      onMailFrom: (session) =>
        errors.get(session.id) ? refusal(421, '4.7.0 Error: too many errors') : null,
      onRcptTo: (address, session) => {
        if (!address.startsWith('gone')) return null;
        errors.set(session.id, (errors.get(session.id) ?? 0) + 1);
        return refusal(550, '5.1.1 Recipient address rejected: User unknown');
      },
    });
    const pool = poolFor(server);

    await pool.send(FROM, 'r1@example.net', message(1));
    const gone = pool.send(FROM, 'gone@example.net', message(2));
    await expect(gone).rejects.toThrow(SmtpReplyError);
    await expect(gone).rejects.toMatchObject({ responseCode: 550 });
    await pool.send(FROM, 'r3@example.net', message(3));
    await pool.send(FROM, 'r4@example.net', message(4));

    expect(server.received.map((mail) => [mail.to, mail.connection])).toEqual([
      ['r1@example.net', 1],
      ['r3@example.net', 2],
      ['r4@example.net', 2],
    ]);
  });

  it.each<[string, Hooks]>([
    ['its greeting', { onConnect: () => refusal(421, '4.7.0 Too many connections') }],
    ['MAIL FROM', { onMailFrom: () => refusal(421, '4.7.0 Try again later') }],
  ])(
    'gives the caller the 421 of a server that always answers 421 at %s, after two new connections',
    async (_where, hooks) => {
      const server = await serve(hooks);
      const pool = poolFor(server);

      const sending = pool.send(FROM, 'r1@example.net', message(1));
      await expect(sending).rejects.toThrow(SmtpClosingError);
      await expect(sending).rejects.toMatchObject({ responseCode: 421 });
      expect(server.connections).toBe(3);
      expect(server.received).toEqual([]);
    },
  );

  it('does not send again a message whose end of data got no reply: it may have been accepted', async () => {
    let dataSeen = 0;
    const server = await serve({ onData: () => (++dataSeen === 1 ? 'hang up' : null) });
    const pool = poolFor(server);

    await expect(pool.send(FROM, 'r1@example.net', message(1))).rejects.toThrow(
      SmtpConnectionError,
    );
    expect(dataSeen).toBe(1);
    expect(server.connections).toBe(1);
  });
});
