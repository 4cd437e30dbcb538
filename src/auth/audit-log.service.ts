import { Injectable } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository.js';
import type { AuditEntry } from './entities/audit-entry.entity.js';

/** Who is acting: a logged-in editor, an editor's API token, or the bootstrap ADMIN_TOKEN. */
export interface Actor {
  editorId: number | null;
  label: string;
  role: 'admin' | 'editor';
}

/** Who the log names when nobody was logged in (a failed login). */
export const ANONYMOUS = 'anonymous';

export interface AuditRecord {
  actor: Actor | null;
  action: string;
  target?: string;
  detail?: string;
  ip?: string;
}

/** The audit log: append-only from the service's side, newest first when read. */
@Injectable()
export class AuditLogService {
  constructor(private readonly entries: AuditLogRepository) {}

  async record({ actor, action, target = '', detail = '', ip = '' }: AuditRecord): Promise<void> {
    await this.entries.append({
      editorId: actor?.editorId ?? null,
      actor: storable(actor?.label ?? ANONYMOUS).slice(0, 400),
      action: storable(action).slice(0, 100),
      target: storable(target).slice(0, 400),
      detail: storable(detail),
      ip: storable(ip).slice(0, 64),
      createdAt: new Date(),
    });
  }

  latest(limit = 100): Promise<AuditEntry[]> {
    return this.entries.latest(limit);
  }
}

/**
 * The log keeps what was tried, even an id of "%00" from a path: PostgreSQL refuses NUL in text,
 * so it is written as U+FFFD (the refused request must still leave its entry).
 */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}
