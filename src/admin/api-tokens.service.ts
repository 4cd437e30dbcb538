import { randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { sha256 } from '../common/secrets.js';
import { ApiToken } from './entities/api-token.entity.js';

const PREFIX = 'nsh_';
// Writing last_used_at on every request would put a database write on every admin call.
const TOUCH_EVERY_MS = 60_000;

/** Editors' bearer tokens: shown once when made, kept only as sha256, revocable. */
@Injectable()
export class ApiTokensService {
  constructor(@InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>) {}

  async create(name: string): Promise<{ id: number; name: string; token: string }> {
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const saved = await this.tokens.save(
      this.tokens.create({ name, tokenHash: hash(token), createdAt: new Date() }),
    );
    return { id: saved.id, name: saved.name, token };
  }

  /** The live token with this value, or null. The hash is looked up, so no comparison leaks timing. */
  async verify(token: string): Promise<ApiToken | null> {
    if (!token.startsWith(PREFIX)) return null;
    const found = await this.tokens.findOneBy({ tokenHash: hash(token), revokedAt: IsNull() });
    if (found && Date.now() - new Date(found.lastUsedAt ?? 0).getTime() > TOUCH_EVERY_MS) {
      await this.tokens.update({ id: found.id }, { lastUsedAt: new Date() });
    }
    return found;
  }

  list(): Promise<ApiToken[]> {
    return this.tokens.find({ order: { id: 'ASC' } });
  }

  async revoke(id: number): Promise<void> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new NotFoundException(`No live token with id ${id}.`);
  }
}

function hash(token: string): string {
  return sha256(token).toString('hex');
}
