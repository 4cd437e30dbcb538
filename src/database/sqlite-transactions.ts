import type { DataSource, EntityManager } from 'typeorm';

/**
 * TypeORM talks to SQLite over one connection, so two transactions begun at once collide
 * ("cannot start a transaction within a transaction"). On SQLite, top-level transactions of this
 * data source therefore run one after another; a transaction nested inside one uses its own
 * manager and is not queued. PostgreSQL hands each transaction its own pooled connection.
 */
export function serializeTransactions(dataSource: DataSource): void {
  const manager = dataSource.manager;
  const begin = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    const run = tail.then(() => begin(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as EntityManager['transaction'];
}
