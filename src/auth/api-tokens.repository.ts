import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { ApiToken } from './entities/api-token.entity.js';

export type NewApiToken = Pick<ApiToken, 'name' | 'tokenHash' | 'editorId' | 'createdAt'>;

/** The admin API's bearer tokens, found by their sha256; a revoked token stays as a record. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(token: NewApiToken): Promise<ApiToken> {
    return this.tokens.save(this.tokens.create(token));
  }

  liveByHash(tokenHash: string): Promise<ApiToken | null> {
    return this.tokens.findOneBy({ tokenHash, revokedAt: IsNull() });
  }

  async touch(id: number, lastUsedAt: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt });
  }

  /** Every token, or one editor's, oldest first. */
  list(editorId?: number): Promise<ApiToken[]> {
    return this.tokens.find({
      where: editorId === undefined ? {} : { editorId },
      order: { id: 'ASC' },
    });
  }

  /** Revokes the live token `id` (only if it is `editorId`'s, when given); false if none was. */
  async revokeLive(id: number, editorId?: number): Promise<boolean> {
    const result = await this.tokens.update(
      { id, revokedAt: IsNull(), ...(editorId === undefined ? {} : { editorId }) },
      { revokedAt: new Date() },
    );
    return Boolean(result.affected);
  }

  /** Revokes every live token of the editor made at or before `madeBy`. */
  async revokeLiveOf(editorId: number, madeBy = new Date()): Promise<void> {
    const live = await this.tokens.findBy({ editorId, revokedAt: IsNull() });
    const ids = live.filter((token) => token.createdAt <= madeBy).map((token) => token.id);
    if (ids.length) await this.tokens.update({ id: In(ids) }, { revokedAt: new Date() });
  }

  private get tokens() {
    return this.dataSource.getRepository(ApiToken);
  }
}
