import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { readSubscriberCsv } from './csv-import.js';
import { type ImportRowError, SubscriberAdminService } from './subscriber-admin.service.js';

export interface ImportSummary {
  imported: number;
  skipped: number;
  errors: ImportRowError[];
}

/**
 * A CSV (email,name) into one list, streamed in batches: bounded memory for any size. Duplicates,
 * existing subscribers and suppressed addresses are skipped; bad rows are reported by number.
 * Used by the admin API's upload and by the CLI.
 */
@Injectable()
export class SubscriberImporter {
  constructor(
    private readonly admin: SubscriberAdminService,
    private readonly suppressions: SuppressionService,
  ) {}

  async import(
    file: Readable,
    list: MailingList,
    options: { confirmed: boolean; source: string; ip: string },
  ): Promise<ImportSummary> {
    const summary: ImportSummary = { imported: 0, skipped: 0, errors: [] };
    for await (const batch of readSubscriberCsv(file)) {
      summary.errors.push(...batch.errors);
      // A repeated address keeps its first row, as a reader of the file would expect.
      const seen = new Set<string>();
      const unique = batch.people.filter(
        (entry) => !seen.has(entry.person.email) && !!seen.add(entry.person.email),
      );
      summary.skipped += batch.people.length - unique.length;
      const suppressed = await this.suppressions.suppressedAmong(
        unique.map((entry) => entry.person.email),
      );
      const allowed = unique.filter((entry) => !suppressed.has(entry.person.email));
      summary.skipped += unique.length - allowed.length;
      if (allowed.length === 0) continue;
      const result = await this.admin.insertBatch(
        allowed.map((entry) => entry.person),
        [list],
        options.confirmed,
        options.source,
        options.ip,
      );
      summary.imported += result.added.length;
      summary.skipped += allowed.length - result.added.length;
    }
    return summary;
  }
}
