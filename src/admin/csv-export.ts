import { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { Subscriber, type SubscriberStatus } from '../subscribers/entities/subscriber.entity.js';

const PAGE = 1000;

/** Spreadsheet apps run cells that start with = + - @ as formulas; a leading ' keeps them text. */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Streams every subscriber by keyset pages, so memory stays flat whatever the list size. */
export async function exportSubscribersCsv(
  dataSource: DataSource,
  status: SubscriberStatus | undefined,
  out: Writable,
): Promise<void> {
  out.write(stringify([['id', 'email', 'name', 'status', 'created_at', 'confirmed_at']]));
  let after = 0;
  for (;;) {
    const query = dataSource
      .getRepository(Subscriber)
      .createQueryBuilder('s')
      .where('s.id > :after', { after })
      .orderBy('s.id', 'ASC')
      .take(PAGE);
    if (status) query.andWhere('s.status = :status', { status });
    const rows = await query.getMany();
    if (rows.length === 0) break;
    const chunk = stringify(
      rows.map((row) => [
        row.id,
        row.email,
        neutralise(row.name),
        row.status,
        new Date(row.createdAt).toISOString(),
        row.confirmedAt ? new Date(row.confirmedAt).toISOString() : '',
      ]),
    );
    if (!out.write(chunk)) await once(out, 'drain');
    after = rows[rows.length - 1].id;
  }
  out.end();
}
