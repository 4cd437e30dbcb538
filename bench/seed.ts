import Database from 'better-sqlite3';
import pg from 'pg';
import type { BenchDatabase } from './stack.js';

/** A plain connection to the run's database, for seeding and for watching the campaign. */
export class DatabaseClient {
  private constructor(
    private readonly postgres: pg.Client | null,
    private readonly sqlite: Database.Database | null,
  ) {}

  static async open(database: BenchDatabase): Promise<DatabaseClient> {
    if (database.kind === 'postgres') {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      return new DatabaseClient(client, null);
    }
    const sqlite = new Database(database.url.slice('sqlite:'.length));
    sqlite.pragma('busy_timeout = 10000');
    return new DatabaseClient(null, sqlite);
  }

  get isPostgres(): boolean {
    return this.postgres !== null;
  }

  async rows<T>(sql: string): Promise<T[]> {
    if (this.postgres) return (await this.postgres.query(sql)).rows as T[];
    const statement = this.sqlite!.prepare(sql);
    if (statement.reader) return statement.all() as T[];
    statement.run();
    return [];
  }

  async close(): Promise<void> {
    await this.postgres?.end();
    this.sqlite?.close();
  }
}

/**
 * N confirmed subscribers on the list `daily`, written with one INSERT … SELECT each (a recursive
 * counter works on both databases): seeding is not what the run measures.
 */
export async function seedSubscribers(db: DatabaseClient, count: number): Promise<void> {
  await db.rows(
    `INSERT INTO subscribers (email, email_key, name, status, confirmed_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.floor(count)})
       SELECT 'reader-' || i || '@bench.example', 'reader-' || i || '@bench.example', 'قارئ ' || i, 'confirmed', CURRENT_TIMESTAMP FROM n`,
  );
  await db.rows(
    `INSERT INTO subscriptions (subscriber_id, list_id, status)
       SELECT s.id, l.id, 'active' FROM subscribers s, lists l WHERE l.slug = 'daily'`,
  );
  await db.rows('ANALYZE');
}

export async function fanoutDone(db: DatabaseClient, campaignId: string): Promise<boolean> {
  const [row] = await db.rows<{ fanout_done: boolean | number }>(
    `SELECT fanout_done FROM campaigns WHERE id = ${Number(campaignId)}`,
  );
  return Boolean(row?.fanout_done);
}
