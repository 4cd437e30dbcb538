import type { DataSource, InsertQueryBuilder, ObjectLiteral } from 'typeorm';

/**
 * Runs an INSERT and returns the id of the row it wrote (null when ON CONFLICT left it out), in
 * one round trip on both databases. TypeORM refuses `.returning()` on SQLite, though SQLite has had
 * RETURNING since 3.35.
 */
export async function insertReturningId<Entity extends ObjectLiteral>(
  dataSource: DataSource,
  insert: InsertQueryBuilder<Entity>,
): Promise<number | null> {
  const [sql, parameters] = insert.updateEntity(false).getQueryAndParameters();
  const rows = (await dataSource.query(`${sql} RETURNING "id"`, parameters)) as { id: number }[];
  return rows.length ? Number(rows[0].id) : null;
}

/** For an INSERT that always writes a row (no ON CONFLICT DO NOTHING). */
export async function insertReturningIdOrFail<Entity extends ObjectLiteral>(
  dataSource: DataSource,
  insert: InsertQueryBuilder<Entity>,
): Promise<number> {
  const id = await insertReturningId(dataSource, insert);
  if (id === null) throw new Error('the INSERT wrote no row');
  return id;
}
