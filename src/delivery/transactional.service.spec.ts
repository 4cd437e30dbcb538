import type { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../config/config.js';
import { EmailTemplates } from '../rendering/email-templates.service.js';
import { Consent } from '../subscribers/entities/consent.entity.js';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import {
  TransactionalEmail,
  type TransactionalKind,
} from '../subscribers/entities/transactional-email.entity.js';
import type { ListsService } from '../subscribers/lists.service.js';
import type {
  OutboxContext,
  OutboxOutcome,
  OutboxRepository,
} from '../subscribers/outbox.repository.js';
import type { SubscribersRepository } from '../subscribers/subscribers.repository.js';
import type { SuppressionService } from '../subscribers/suppression.service.js';
import { Links } from '../tokens/links.js';
import { MessageRefs } from '../tokens/message-refs.js';
import { TokenService } from '../tokens/token.service.js';
import { type Mailer, PermanentMailError, type PreparedEmail } from './mailer.js';
import { TransactionalService } from './transactional.service.js';

/** The outbox in memory: one row per (consent, kind), claimed before it is sent. */
class FakeOutbox implements Pick<
  OutboxRepository,
  'context' | 'insertRow' | 'byConsent' | 'claim' | 'finish'
> {
  readonly rows = new Map<number, TransactionalEmail>();
  constructor(private readonly known: OutboxContext) {}

  async context(consentId: number): Promise<OutboxContext | null> {
    if (consentId !== this.known.consent.id) return null;
    const confirm = [...this.rows.values()].find((row) => row.kind === 'confirm');
    return { ...this.known, confirmEmailId: confirm?.id ?? null };
  }

  async insertRow(
    subscriberId: number,
    consentId: number,
    kind: TransactionalKind,
    status: 'pending' | 'sending',
  ): Promise<TransactionalEmail | null> {
    if ([...this.rows.values()].some((row) => row.consentId === consentId && row.kind === kind))
      return null;
    const row = Object.assign(new TransactionalEmail(), {
      id: this.rows.size + 1,
      subscriberId,
      consentId,
      kind,
      status,
      claimedAt: status === 'sending' ? new Date() : null,
      createdAt: new Date(),
    });
    this.rows.set(row.id, row);
    return row;
  }

  async byConsent(consentId: number, kind: TransactionalKind): Promise<TransactionalEmail> {
    return [...this.rows.values()].find((row) => row.consentId === consentId && row.kind === kind)!;
  }

  async claim(id: number, now: Date): Promise<TransactionalEmail | null> {
    const row = this.rows.get(id);
    if (!row || row.status !== 'pending') return null;
    Object.assign(row, { status: 'sending', claimedAt: now });
    return row;
  }

  async finish(id: number, outcome: OutboxOutcome): Promise<void> {
    Object.assign(this.rows.get(id)!, { status: outcome.status });
  }
}

/** A mailer that keeps what it was given, or fails as told. */
class FakeMailer implements Mailer {
  readonly sent: PreparedEmail[] = [];
  failure: Error | null = null;
  async send(email: PreparedEmail): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(email);
  }
  async verify(): Promise<void> {}
  close(): void {}
}

/** `SET key value PX ms NX`, which is all the service asks of Redis. */
class FakeRedis {
  private readonly keys = new Set<string>();
  async set(key: string): Promise<'OK' | null> {
    if (this.keys.has(key)) return null;
    this.keys.add(key);
    return 'OK';
  }
}

const config = loadConfig({
  APP_SECRET: 's'.repeat(40),
  MAIL_FROM: 'نشرة الصباح <newsletter@news.example>',
  PUBLIC_URL: 'https://news.example',
  SITE_NAME: 'نشرة الصباح',
});

function setUp(options: { suppressed?: boolean } = {}) {
  const list = Object.assign(new MailingList(), { id: 1, slug: 'daily', name: 'النشرة اليومية' });
  const subscriber = Object.assign(new Subscriber(), {
    id: 7,
    email: 'reader@example.net',
    name: 'هدى',
    status: 'pending',
  });
  const consent = Object.assign(new Consent(), { id: 3, subscriberId: 7, listIds: '[1]' });
  const outbox = new FakeOutbox({ consent, subscriber, confirmEmailId: null });
  const mailer = new FakeMailer();
  const service = new TransactionalService(
    outbox as unknown as OutboxRepository,
    { activeListIds: async () => [] } as unknown as SubscribersRepository,
    mailer,
    new FakeRedis() as unknown as Redis,
    config,
    new EmailTemplates(config),
    new Links(config, new TokenService(config)),
    new MessageRefs(config),
    { byIds: async () => [list] } as unknown as ListsService,
    { blocksEverything: async () => options.suppressed ?? false } as unknown as SuppressionService,
  );
  return { service, outbox, mailer };
}

describe('the outbox sender, with a fake mailer and outbox', () => {
  it('sends a signup one confirmation, from its own VERP address, and a second run sends nothing', async () => {
    const { service, outbox, mailer } = setUp();
    await service.handleSignup(3);
    await service.handleSignup(3);
    expect(mailer.sent).toHaveLength(1);
    const [email] = mailer.sent;
    expect(email.to).toBe('reader@example.net');
    expect(email.envelopeFrom).toMatch(/^newsletter\+b\.t1\.s7\.[0-9a-f]{12}@news\.example$/);
    const parsed = await simpleParser(email.raw);
    expect(email.envelopeFrom).toBe(
      `newsletter+b.${String(parsed.headers.get('x-nashra-ref'))}@news.example`,
    );
    expect(parsed.text).toContain('https://news.example/confirm/');
    // Nothing the visitor typed: the name waits for the welcome (issue 16).
    expect(parsed.text).not.toContain('هدى');
    expect(String(parsed.html)).not.toContain('هدى');
    expect([...outbox.rows.values()].map((row) => [row.kind, row.status])).toEqual([
      ['confirm', 'sent'],
    ]);
  });

  it('sends nothing to a suppressed address', async () => {
    const { service, outbox, mailer } = setUp({ suppressed: true });
    await service.handleSignup(3);
    expect(mailer.sent).toEqual([]);
    expect(outbox.rows.size).toBe(0);
  });

  it('marks a refused email failed for good, and puts a transient failure back for a retry', async () => {
    const refused = setUp();
    refused.mailer.failure = new PermanentMailError('5.1.1 no such user', 550);
    await refused.service.handleSignup(3);
    expect(refused.outbox.rows.get(1)?.status).toBe('failed');

    const flaky = setUp();
    flaky.mailer.failure = new Error('connect ECONNREFUSED 127.0.0.1:25');
    await expect(flaky.service.handleSignup(3)).rejects.toThrow('ECONNREFUSED');
    expect(flaky.outbox.rows.get(1)?.status).toBe('pending');
    flaky.mailer.failure = null;
    await flaky.service.deliver(1);
    expect(flaky.mailer.sent).toHaveLength(1);
    expect(flaky.outbox.rows.get(1)?.status).toBe('sent');
  });
});
