import { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import type { Subscriber } from '../subscribers/entities/subscriber.entity.js';

const PAGE = 1000;

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab or CR before them) as a formula;
 * a leading ' keeps it text (OWASP, "CSV Injection"). Every cell, since an address may start so.
 */
function neutralise(value: string | number): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Streams subscribers by keyset pages (`pageAfter` gives those after an id, oldest first), so
 * memory stays flat whatever the list size.
 */
export async function exportSubscribersCsv(
  pageAfter: (after: number, limit: number) => Promise<Subscriber[]>,
  out: Writable,
): Promise<void> {
  out.write(stringify([['id', 'email', 'name', 'status', 'created_at', 'confirmed_at']]));
  let after = 0;
  for (;;) {
    const rows = await pageAfter(after, PAGE);
    if (rows.length === 0) break;
    const chunk = stringify(
      rows.map((row) =>
        [
          row.id,
          row.email,
          row.name,
          row.status,
          new Date(row.createdAt).toISOString(),
          row.confirmedAt ? new Date(row.confirmedAt).toISOString() : '',
        ].map(neutralise),
      ),
    );
    if (!out.write(chunk)) await once(out, 'drain');
    after = rows[rows.length - 1].id;
  }
  out.end();
}
