import type { DataSource } from 'typeorm';
import { insertReturningIdOrFail } from '../database/insert-returning-id.js';
import { Consent } from './entities/consent.entity.js';
import { Subscriber } from './entities/subscriber.entity.js';

export interface SignupFields {
  email: string;
  name: string;
  listIds: number[];
  ip: string;
  userAgent: string;
  source: string;
  at: Date;
}

/**
 * The subscriber (new, or the existing row untouched) and a consent row for this request; returns
 * the consent's id. On PostgreSQL one statement, so one round trip and one commit; SQLite, with no
 * writable CTEs, takes two.
 */
export async function recordSignup(dataSource: DataSource, fields: SignupFields): Promise<number> {
  const listIds = JSON.stringify(fields.listIds);
  if (dataSource.options.type === 'postgres') {
    const rows = (await dataSource.query(
      `WITH s AS (
         INSERT INTO subscribers (email, name, status, created_at) VALUES ($1, $2, 'pending', $3)
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id)
       INSERT INTO consents (subscriber_id, list_ids, ip, user_agent, source, requested_at)
       SELECT id, $4, $5, $6, $7, $3 FROM s RETURNING id`,
      [fields.email, fields.name, fields.at, listIds, fields.ip, fields.userAgent, fields.source],
    )) as { id: number }[];
    return Number(rows[0].id);
  }
  const subscriberId = await insertReturningIdOrFail(
    dataSource,
    dataSource
      .createQueryBuilder()
      .insert()
      .into(Subscriber)
      .values({ email: fields.email, name: fields.name, status: 'pending', createdAt: fields.at })
      .orUpdate(['email'], ['email']),
  );
  return insertReturningIdOrFail(
    dataSource,
    dataSource.createQueryBuilder().insert().into(Consent).values({
      subscriberId,
      listIds,
      ip: fields.ip,
      userAgent: fields.userAgent,
      source: fields.source,
      requestedAt: fields.at,
      confirmedAt: null,
    }),
  );
}
