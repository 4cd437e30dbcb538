import type { Readable } from 'node:stream';
import { HttpException, HttpStatus } from '@nestjs/common';
import { CsvError, type CsvErrorCode, parse } from 'csv-parse';
import { normalizeEmail } from '../common/email-address.js';
import type { ImportRowError, NewSubscriber } from './subscriber-admin.service.js';

export const IMPORT_BATCH = 500;
export const MAX_NAME_LENGTH = 200;

/** The API's reason for a name that is too long; the dashboard says it in Arabic. */
export const NAME_TOO_LONG = `name is longer than ${MAX_NAME_LENGTH} characters`;

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
      // Checked on the header itself, so a file of one unnamed row is refused too.
      columns: (header: string[]) => {
        const columns = header.map((column) => column.trim().toLowerCase());
        if (!columns.includes('email')) throw new CsvHeaderError();
        return columns;
      },
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 10_000,
    }),
  );
  // pipe() does not pass an error on: without this, a file cut off (too large, connection lost)
  // would leave the parser waiting for an end that never comes.
  input.once('error', (error) => parser.destroy(error));
  let batch: ImportBatch = { people: [], errors: [] };
  let row = 1; // the header
  try {
    for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
      row += 1;
      const checked = normalizeEmail(record.email ?? '');
      const name = (record.name ?? '').replace(/[\x00-\x1f\x7f]/g, ' ').trim();
      if (!checked.ok) {
        batch.errors.push({
          row,
          email: String(record.email ?? '').slice(0, 254),
          reason: checked.reason,
        });
      } else if (name.length > MAX_NAME_LENGTH) {
        batch.errors.push({ row, email: checked.email, reason: NAME_TOO_LONG });
      } else {
        batch.people.push({ row, person: { email: checked.email, name } });
      }
      if (batch.people.length + batch.errors.length >= IMPORT_BATCH) {
        yield batch;
        batch = { people: [], errors: [] };
      }
    }
  } catch (error) {
    // csv-parse's codes do not all start with CSV_ (INVALID_OPENING_QUOTE): its class says it.
    if (error instanceof CsvError) throw new CsvUnreadable(error);
    throw error;
  }
  if (batch.people.length + batch.errors.length > 0) yield batch;
}

export class CsvHeaderError extends Error {
  constructor() {
    super('the first row must name the columns, with at least "email" (e.g. email,name)');
  }
}

const SYNTAX_REASONS: Partial<Record<CsvErrorCode, string>> = {
  INVALID_OPENING_QUOTE: 'a quote in the middle of a field',
  CSV_QUOTE_NOT_CLOSED: 'a quote is opened and never closed',
  CSV_INVALID_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_MAX_RECORD_SIZE: 'the row is longer than 10,000 characters',
};

/**
 * A file csv-parse could not read past a row. The API answers it as it is: 422 with the row (the
 * header is row 1, as in the per-row errors) and the reason; the dashboard words it by `code`.
 * Rows of earlier batches stay imported.
 */
export class CsvUnreadable extends HttpException {
  readonly row: number;
  readonly code: CsvErrorCode;

  constructor(error: CsvError) {
    // `records` counts the rows read whole, the header aside.
    const row = (typeof error.records === 'number' ? error.records : 0) + 2;
    const reason = `row ${row}: ${SYNTAX_REASONS[error.code] ?? `not valid CSV (${error.message})`}`;
    super(
      {
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        error: 'Unprocessable Entity',
        message: `file: ${reason}`,
        fields: { file: reason },
        row,
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
    this.row = row;
    this.code = error.code;
  }
}
