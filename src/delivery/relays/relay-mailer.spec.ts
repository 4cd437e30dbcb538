import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { RelayUrl } from '../../config/config.js';
import { type Mailer, PermanentMailError, type PreparedEmail } from '../mailer.js';
import { SmtpClosingError, SmtpConnectionError, SmtpReplyError } from '../smtp/smtp-replies.js';
import { temporaryReply } from '../smtp-errors.js';
import { RelayMailer, RelaysDownError, relayFailed } from './relay-mailer.js';

/** A relay that records what it accepted, or throws what the test says. */
class FakeRelay implements Mailer {
  readonly accepted: string[] = [];
  readonly raws: string[] = [];
  answer: (email: PreparedEmail) => Error | null = () => null;
  verifyError: Error | null = null;

  async send(email: PreparedEmail): Promise<void> {
    const error = this.answer(email);
    if (error) throw error;
    this.accepted.push(email.to);
    this.raws.push(email.raw.toString());
  }

  async verify(): Promise<void> {
    if (this.verifyError) throw this.verifyError;
  }

  close(): void {}
}

const relay = (label: string, weight: number, rate = 0): RelayUrl => ({
  url: `smtp://${label}`,
  weight,
  rate,
  label,
});

function relayMailer(...weights: number[]) {
  const fakes = weights.map(() => new FakeRelay());
  const events: string[] = [];
  const mailer = new RelayMailer({
    relays: weights.map((weight, index) => relay(`r${index}:25`, weight)),
    from: 'news@example.org',
    poolSize: 1,
    mailerFor: (() => {
      let next = 0;
      return () => fakes[next++]!;
    })(),
    reports: {
      outcome: (label, outcome) => events.push(`${label} ${outcome}`),
      down: (label) => events.push(`${label} down`),
      up: (label) => events.push(`${label} up`),
    },
  });
  return { mailer, fakes, events };
}

const email = (to: string): PreparedEmail => ({ to, raw: Buffer.from('Subject: x\r\n\r\nx\r\n') });

describe('RelayMailer', () => {
  // Relays going down are logged as warnings: expected here, and noise in the test output.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('sends each message once, to the relays by weight', async () => {
    const { mailer, fakes } = relayMailer(3, 1);
    for (let i = 0; i < 40; i++) await mailer.send(email(`r${i}@x`));
    expect(fakes[0]!.accepted).toHaveLength(30);
    expect(fakes[1]!.accepted).toHaveLength(10);
  });

  it('moves a message at once to another relay when its connection fails, and leaves that relay out', async () => {
    const { mailer, fakes, events } = relayMailer(3, 1);
    fakes[0]!.answer = () =>
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 10; i++) await mailer.send(email(`r${i}@x`));
    expect(fakes[1]!.accepted).toHaveLength(10);
    expect(events.filter((event) => event.startsWith('r0'))).toEqual([
      'r0:25 failed',
      'r0:25 down',
    ]);
    expect(mailer.relays()).toEqual([
      expect.objectContaining({
        label: 'r0:25',
        status: 'down',
        failed: 1,
        consecutiveFailures: 1,
      }),
      expect.objectContaining({ label: 'r1:25', status: 'up', sent: 10 }),
    ]);
  });

  it.each([
    ['a 421', new SmtpClosingError('421 4.3.2 shutting down')],
    ['a dropped connection', new SmtpConnectionError('the SMTP server closed the connection')],
    ['a timeout', new SmtpConnectionError('the SMTP server did not answer in time')],
    [
      'a TLS failure',
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    ],
    ['a refused login', new PermanentMailError('535 5.7.8 authentication failed', 535)],
  ])('%s is the relay failing: the message goes elsewhere', async (_, error) => {
    expect(relayFailed(error)).toBe(true);
    const { mailer, fakes } = relayMailer(1, 1);
    fakes[0]!.answer = () => error;
    await mailer.send(email('a@x'));
    await mailer.send(email('b@x'));
    expect(fakes[1]!.accepted).toEqual(['a@x', 'b@x']);
  });

  it("a 4xx or 5xx reply is that message's answer, not tried elsewhere", async () => {
    const { mailer, fakes, events } = relayMailer(1, 1);
    fakes[0]!.answer = (sent) =>
      sent.to === 'gone@x'
        ? new PermanentMailError('550 5.1.1 no such user', 550)
        : new SmtpReplyError(451, '451 4.7.1 greylisted');
    await expect(mailer.send(email('gone@x'))).rejects.toBeInstanceOf(PermanentMailError);
    // The next message goes to the other relay by turn; the one after comes back to the first.
    await mailer.send(email('b@x'));
    const greylisted = await mailer.send(email('grey@x')).catch((error: unknown) => error);
    expect(temporaryReply(greylisted)).toEqual({ code: 451, message: '451 4.7.1 greylisted' });
    expect(fakes[1]!.accepted).toEqual(['b@x']);
    expect(events).toEqual(['r0:25 refused', 'r1:25 sent', 'r0:25 refused']);
    expect(mailer.relays().map((state) => state.status)).toEqual(['up', 'up']);
  });

  it('throws a transient error, no SMTP code, only when every relay is down', async () => {
    const { mailer, fakes } = relayMailer(1, 1);
    for (const fake of fakes) fake.answer = () => new SmtpConnectionError('closed');
    const error = await mailer.send(email('a@x')).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RelaysDownError);
    expect((error as Error).message).toMatch(
      /^every SMTP relay is down \(r0:25 until .*, r1:25 until/,
    );
    // The campaign puts the batch back and its job is retried, rather than counting an attempt.
    expect(temporaryReply(error)).toBeNull();
    expect((error as { code: string }).code).toBe('ECONNECTION');
    expect(error).not.toBeInstanceOf(PermanentMailError);
    // Down, they are not even asked until their back-off ends.
    fakes[0]!.answer = () => null;
    await expect(mailer.send(email('b@x'))).rejects.toBeInstanceOf(RelaysDownError);
    expect(fakes[0]!.accepted).toEqual([]);
  });

  it('a relay back after its back-off takes its share again, logged once', async () => {
    const { mailer, fakes, events } = relayMailer(1, 1);
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      fakes[0]!.answer = () => new SmtpConnectionError('closed');
      await mailer.send(email('a@x'));
      fakes[0]!.answer = () => null;
      await mailer.send(email('b@x'));
      expect(fakes[0]!.accepted).toEqual([]);
      now.mockReturnValue(1_010_000);
      for (const to of ['c@x', 'd@x', 'e@x', 'f@x']) await mailer.send(email(to));
      expect(fakes[0]!.accepted).toHaveLength(2);
      expect(events.filter((event) => /down|up/.test(event))).toEqual(['r0:25 down', 'r0:25 up']);
    } finally {
      now.mockRestore();
    }
  });

  it('signs each message once, whichever relay takes it', async () => {
    const fakes = [new FakeRelay(), new FakeRelay()];
    fakes[0]!.answer = () => new SmtpConnectionError('closed');
    let signatures = 0;
    const mailer = new RelayMailer({
      relays: [relay('a:25', 1), relay('b:25', 1)],
      from: 'news@example.org',
      poolSize: 1,
      signer: {
        sign: async (raw) => {
          signatures += 1;
          return Buffer.concat([Buffer.from('DKIM: x\r\n'), raw]);
        },
      },
      mailerFor: (url) => (url.label === 'a:25' ? fakes[0]! : fakes[1]!),
    });
    await mailer.send(email('a@x'));
    expect(signatures).toBe(1);
    expect(fakes[1]!.raws).toEqual(['DKIM: x\r\nSubject: x\r\n\r\nx\r\n']);
  });

  it('respects each relay its own rate', async () => {
    const fakes = [new FakeRelay(), new FakeRelay()];
    const mailer = new RelayMailer({
      relays: [relay('slow:25', 1, 5), relay('fast:25', 1)],
      from: 'news@example.org',
      poolSize: 1,
      mailerFor: (url) => (url.label === 'slow:25' ? fakes[0]! : fakes[1]!),
    });
    const started = Date.now();
    // Five tokens at once (a one-second burst), then one every 200 ms.
    for (let i = 0; i < 14; i++) await mailer.send(email(`r${i}@x`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(fakes[0]!.accepted).toHaveLength(7);
  });

  it('verifies when one relay answers, and marks those that do not down', async () => {
    const { mailer, fakes } = relayMailer(1, 1);
    fakes[1]!.verifyError = new Error('connect ECONNREFUSED 127.0.0.1:2');
    await mailer.verify();
    expect(mailer.relays()[1]).toMatchObject({ status: 'down', failed: 0, consecutiveFailures: 1 });
    expect(mailer.relays()[0]!.status).toBe('up');
    fakes[0]!.verifyError = new Error('Greeting never received');
    await expect(mailer.verify()).rejects.toThrow(
      'r0:25: Greeting never received; r1:25: connect ECONNREFUSED 127.0.0.1:2',
    );
  });
});
