/**
 * The Redis keys of click counting, all under QUEUE_PREFIX (hash-tagged on a cluster, so the
 * flusher's script may move them together):
 * - `pending`: a hash of counts not yet flushed, field `<campaign>.<article>.<day>`;
 * - `readers`: a set of `<campaign>.<article>.<subscriber>` not yet flushed (per-subscriber);
 * - `batch:<id>:counts` / `batch:<id>:readers`: what one flush took, until the database has it;
 * - `batches`: the ids of those batches, so a batch whose flusher died is finished by another.
 */
export function clickKeys(prefix: string) {
  const base = `${prefix}:clicks`;
  return {
    pending: `${base}:pending`,
    readers: `${base}:readers`,
    batches: `${base}:batches`,
    batchCounts: (id: string) => `${base}:batch:${id}:counts`,
    batchReaders: (id: string) => `${base}:batch:${id}:readers`,
  };
}

/** A click's day: UTC, as text that sorts. */
export function clickDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
