import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { insertReturningId } from '../database/insert-returning-id.js';
import { Consent } from './entities/consent.entity.js';
import { Subscriber } from './entities/subscriber.entity.js';
import {
  TransactionalEmail,
  type TransactionalKind,
} from './entities/transactional-email.entity.js';

/** A confirmation or welcome owed to a subscriber, with the consent it answers. */
export interface OutboxContext {
  consent: Consent;
  subscriber: Subscriber;
  /** The confirmation already in the outbox for this consent, if any. */
  confirmEmailId: number | null;
}

/** How a claimed row ended: sent, refused for good, or put back for a retry. */
export type OutboxOutcome =
  { status: 'sent' } | { status: 'failed'; error: string } | { status: 'pending' };

/**
 * The outbox of one-off emails (confirm, welcome, unsubscribe): one row per (consent, kind), written when the
 * subscriber acts and claimed before it is sent, so a retried job never sends it twice
 * (docs/architecture.md, "A signup"). The subscribers' side writes rows; delivery/ sends them.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The row for (consent, kind), pending, whether this call wrote it or found it. */
  async createRow(
    subscriberId: number,
    consentId: number,
    kind: TransactionalKind,
  ): Promise<TransactionalEmail> {
    return (
      (await this.insertRow(subscriberId, consentId, kind, 'pending')) ??
      this.rows.findOneByOrFail({ consentId, kind })
    );
  }

  /** Writes the row; null when it exists already (a retried job, a second one for the consent). */
  async insertRow(
    subscriberId: number,
    consentId: number,
    kind: TransactionalKind,
    status: 'pending' | 'sending',
    now = new Date(),
  ): Promise<TransactionalEmail | null> {
    const fields = {
      subscriberId,
      consentId,
      kind,
      status,
      claimedAt: status === 'sending' ? now : null,
      createdAt: now,
    };
    const insert = this.rows.createQueryBuilder().insert().values(fields).orIgnore();
    const id = await insertReturningId(this.dataSource, insert);
    return id === null ? null : Object.assign(new TransactionalEmail(), { id, ...fields });
  }

  /** The outbox email, by id or by (consent, kind), if it went out (or was on its way) to this subscriber. */
  async sentEmailId(
    where: { id: number } | { consentId: number; kind: TransactionalKind },
    subscriberId: number,
  ): Promise<number | null> {
    const row = await this.rows.findOne({
      select: { id: true },
      where: { ...where, subscriberId, status: In(['sending', 'sent', 'failed']) },
    });
    return row?.id ?? null;
  }

  /**
   * The row of the link to leave (kind `unsubscribe`) asked for at GET /unsubscribe, ready to be
   * claimed: written pending, or an earlier one that went out before `resendBefore` put back to
   * pending. It hangs on the subscriber's latest consent (one row per consent and kind), so one
   * row per subscriber is reused. Its id, whatever state it is in; null for a subscriber with no
   * consent at all.
   */
  async openUnsubscribeLink(
    subscriberId: number,
    now: Date,
    resendBefore: Date,
  ): Promise<number | null> {
    const latest = await this.dataSource.getRepository(Consent).findOne({
      select: { id: true },
      where: { subscriberId },
      order: { id: 'DESC' },
    });
    if (!latest) return null;
    const where = { consentId: latest.id, kind: 'unsubscribe' as const };
    const fresh = await this.insertRow(subscriberId, latest.id, 'unsubscribe', 'pending', now);
    if (fresh) return fresh.id;
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', claimedAt: null, createdAt: now, sentAt: null, error: '' })
      .where('consent_id = :consentId AND kind = :kind', where)
      .andWhere("status IN ('sent', 'failed') AND created_at < :resendBefore", { resendBefore })
      .execute();
    return (await this.rows.findOneByOrFail(where)).id;
  }

  byConsent(consentId: number, kind: TransactionalKind): Promise<TransactionalEmail> {
    return this.rows.findOneByOrFail({ consentId, kind });
  }

  /**
   * Claims a row (pending → sending), or one a dead process left sending since before
   * `staleBefore`; the row when this call claimed it, null when someone else has it or it is done.
   */
  async claim(id: number, now: Date, staleBefore: Date): Promise<TransactionalEmail | null> {
    const claimed = await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimedAt: now })
      .where('id = :id', { id })
      .andWhere("(status = 'pending' OR (status = 'sending' AND claimed_at < :staleBefore))", {
        staleBefore,
      })
      .execute();
    return claimed.affected ? this.rows.findOneByOrFail({ id }) : null;
  }

  async finish(id: number, outcome: OutboxOutcome): Promise<void> {
    if (outcome.status === 'sent') {
      await this.rows.update({ id }, { status: 'sent', sentAt: new Date() });
    } else if (outcome.status === 'failed') {
      await this.rows.update({ id }, { status: 'failed', error: outcome.error.slice(0, 1000) });
    } else {
      await this.rows.update({ id }, { status: 'pending', claimedAt: null });
    }
  }

  /** Rows pending since before `pendingBefore`, or left sending since before `staleBefore`. */
  async unfinished(pendingBefore: Date, staleBefore: Date, limit = 500): Promise<number[]> {
    const rows = await this.rows.find({
      select: { id: true },
      where: [
        { status: 'pending', createdAt: LessThan(pendingBefore) },
        { status: 'sending', claimedAt: LessThan(staleBefore) },
      ],
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** The consent, its subscriber and its confirmation email, in one query; null once either is gone. */
  async context(consentId: number): Promise<OutboxContext | null> {
    const row = await this.dataSource
      .getRepository(Consent)
      .createQueryBuilder('c')
      .innerJoin(Subscriber, 's', 's.id = c.subscriber_id')
      .leftJoin(TransactionalEmail, 'e', "e.consent_id = c.id AND e.kind = 'confirm'")
      .select(['c.id AS "consentId"', 'c.list_ids AS "listIds"', 's.id AS "subscriberId"'])
      .addSelect(['s.email AS "email"', 's.name AS "name"', 's.status AS "status"'])
      .addSelect('e.id', 'confirmEmailId')
      .where('c.id = :consentId', { consentId })
      .getRawOne<
        {
          consentId: number;
          listIds: string;
          subscriberId: number;
          confirmEmailId: number | null;
        } & Subscriber
      >();
    if (!row) return null;
    return {
      confirmEmailId: row.confirmEmailId === null ? null : Number(row.confirmEmailId),
      consent: Object.assign(new Consent(), {
        id: Number(row.consentId),
        subscriberId: Number(row.subscriberId),
        listIds: row.listIds,
      }),
      subscriber: Object.assign(new Subscriber(), {
        id: Number(row.subscriberId),
        email: row.email,
        name: row.name,
        status: row.status,
      }),
    };
  }

  private get rows() {
    return this.dataSource.getRepository(TransactionalEmail);
  }
}
