import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { normalizeEmail } from '../common/email-address.js';
import type { ImportRowError, NewSubscriber } from './subscriber-admin.service.js';

export const IMPORT_BATCH = 500;

export interface ImportBatch {
  people: { row: number; person: NewSubscriber }[];
  errors: ImportRowError[];
}

/**
 * Streams a CSV with a header row (columns email and name; others ignored) in batches, so a
 * file of any size is read with bounded memory. Invalid rows become errors with their row number.
 */
export async function* readSubscriberCsv(input: Readable): AsyncGenerator<ImportBatch> {
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 10_000,
    }),
  );
  let batch: ImportBatch = { people: [], errors: [] };
  let row = 1; // the header
  for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
    row += 1;
    if (row === 2 && !('email' in record)) throw new CsvHeaderError();
    const checked = normalizeEmail(record.email ?? '');
    const name = (record.name ?? '').replace(/[\x00-\x1f\x7f]/g, ' ').trim();
    if (!checked.ok) {
      batch.errors.push({
        row,
        email: String(record.email ?? '').slice(0, 254),
        reason: checked.reason,
      });
    } else if (name.length > 200) {
      batch.errors.push({
        row,
        email: checked.email,
        reason: 'name is longer than 200 characters',
      });
    } else {
      batch.people.push({ row, person: { email: checked.email, name } });
    }
    if (batch.people.length + batch.errors.length >= IMPORT_BATCH) {
      yield batch;
      batch = { people: [], errors: [] };
    }
  }
  if (batch.people.length + batch.errors.length > 0) yield batch;
}

export class CsvHeaderError extends Error {
  constructor() {
    super('the first row must name the columns, with at least "email" (e.g. email,name)');
  }
}
