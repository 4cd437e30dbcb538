import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEntry } from './entities/audit-entry.entity.js';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** The audit log's rows: appended, never changed, read newest first. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(entry: NewAuditEntry): Promise<void> {
    await this.entries.insert(entry);
  }

  latest(limit: number): Promise<AuditEntry[]> {
    return this.entries.find({ order: { id: 'DESC' }, take: limit });
  }

  private get entries() {
    return this.dataSource.getRepository(AuditEntry);
  }
}
