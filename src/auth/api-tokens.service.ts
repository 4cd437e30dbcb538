import { randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { sha256 } from '../common/secrets.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import type { Actor } from './audit-log.service.js';
import { EditorsRepository } from './editors.repository.js';
import type { ApiToken } from './entities/api-token.entity.js';

const PREFIX = 'nsh_';
// Writing last_used_at on every request would put a database write on every admin call.
const TOUCH_EVERY_MS = 60_000;

/**
 * Bearer tokens for the admin API: shown once when made, kept only as sha256, revocable. A token
 * made by an editor acts as that editor and is revoked when the account is disabled; one made
 * with the CLI without --editor acts for the whole service.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly editors: EditorsRepository,
  ) {}

  async create(
    name: string,
    editorId: number | null = null,
  ): Promise<{ id: number; name: string; token: string }> {
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const saved = await this.tokens.create({
      name,
      tokenHash: hash(token),
      createdAt: new Date(),
      editorId,
    });
    return { id: saved.id, name: saved.name, token };
  }

  /** Who the live token with this value acts for, or null. The hash is looked up: no timing leak. */
  async verify(token: string): Promise<Actor | null> {
    if (!token.startsWith(PREFIX)) return null;
    const found = await this.tokens.liveByHash(hash(token));
    if (!found) return null;
    let actor: Actor = { editorId: null, label: `token:${found.name}`, role: 'admin' };
    if (found.editorId !== null) {
      const editor = await this.editors.byId(found.editorId);
      if (!editor || editor.disabledAt) return null;
      actor = {
        editorId: editor.id,
        label: `${editor.email} (token:${found.name})`,
        role: editor.role,
      };
    }
    if (Date.now() - new Date(found.lastUsedAt ?? 0).getTime() > TOUCH_EVERY_MS) {
      await this.tokens.touch(found.id, new Date());
    }
    return actor;
  }

  /** Every token, or one editor's. */
  list(editorId?: number): Promise<ApiToken[]> {
    return this.tokens.list(editorId);
  }

  /** Revokes a live token; with `editorId`, only if it is that editor's. */
  async revoke(id: number, editorId?: number): Promise<void> {
    if (!(await this.tokens.revokeLive(id, editorId)))
      throw new NotFoundException(`No live token with id ${id}.`);
  }
}

function hash(token: string): string {
  return sha256(token).toString('hex');
}
