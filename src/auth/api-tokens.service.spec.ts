import { NotFoundException } from '@nestjs/common';
import { sha256 } from '../common/secrets.js';
import type { ApiTokensRepository, NewApiToken } from './api-tokens.repository.js';
import { ApiTokensService } from './api-tokens.service.js';
import type { EditorSessionsService } from './editor-sessions.service.js';
import type { EditorChanges, EditorsRepository } from './editors.repository.js';
import { EditorsService } from './editors.service.js';
import type { ApiToken } from './entities/api-token.entity.js';
import type { Editor } from './entities/editor.entity.js';

/** The api_tokens table in memory: rows come back as copies, as they would from the database. */
class FakeTokens implements Pick<ApiTokensRepository, keyof ApiTokensRepository> {
  readonly rows: ApiToken[] = [];
  touches = 0;

  async create(token: NewApiToken): Promise<ApiToken> {
    const row = { ...token, id: this.rows.length + 1, lastUsedAt: null, revokedAt: null };
    this.rows.push(row);
    return { ...row };
  }

  async liveByHash(tokenHash: string): Promise<ApiToken | null> {
    const row = this.rows.find((r) => r.tokenHash === tokenHash && r.revokedAt === null);
    return row ? { ...row } : null;
  }

  async touch(id: number, lastUsedAt: Date): Promise<void> {
    this.touches += 1;
    this.byId(id).lastUsedAt = lastUsedAt;
  }

  async list(editorId?: number): Promise<ApiToken[]> {
    return this.rows.filter((r) => editorId === undefined || r.editorId === editorId);
  }

  async revokeLive(id: number, editorId?: number): Promise<boolean> {
    const row = this.rows.find(
      (r) =>
        r.id === id && r.revokedAt === null && (editorId === undefined || r.editorId === editorId),
    );
    if (row) row.revokedAt = new Date();
    return Boolean(row);
  }

  async revokeLiveOf(editorId: number, madeBy = new Date()): Promise<void> {
    for (const row of this.rows) {
      if (row.editorId === editorId && row.revokedAt === null && row.createdAt <= madeBy) {
        row.revokedAt = new Date();
      }
    }
  }

  private byId(id: number): ApiToken {
    return this.rows.find((r) => r.id === id)!;
  }
}

/** Only what the token check and the disable/enable switch read and write. */
class FakeEditors implements Pick<EditorsRepository, 'byId' | 'update'> {
  readonly rows: Editor[] = [
    { id: 1, email: 'desk@example.com', role: 'editor', disabledAt: null } as Editor,
  ];

  async byId(id: number): Promise<Editor | null> {
    const row = this.rows.find((r) => r.id === id);
    return row ? { ...row } : null;
  }

  async update(id: number, changes: EditorChanges): Promise<void> {
    Object.assign(
      this.rows.find((r) => r.id === id)!,
      changes,
    );
  }
}

function setUp() {
  const tokens = new FakeTokens();
  const editors = new FakeEditors();
  const sessions: Pick<EditorSessionsService, 'endAll'> = { endAll: async () => {} };
  return {
    tokens,
    editors,
    service: new ApiTokensService(
      tokens as unknown as ApiTokensRepository,
      editors as unknown as EditorsRepository,
    ),
    accounts: new EditorsService(
      editors as unknown as EditorsRepository,
      sessions as EditorSessionsService,
      tokens as unknown as ApiTokensRepository,
    ),
  };
}

describe('API tokens', () => {
  it('shows a new token once and keeps only its sha256', async () => {
    const { service, tokens } = setUp();
    const made = await service.create('cms');
    expect(made.token).toMatch(/^nsh_[\w-]{43}$/);
    expect(tokens.rows).toHaveLength(1);
    expect(tokens.rows[0].tokenHash).toBe(sha256(made.token).toString('hex'));
    expect(JSON.stringify(tokens.rows)).not.toContain(made.token.slice(4));
  });

  it('opens for the whole service when made without an editor, and as the editor otherwise', async () => {
    const { service } = setUp();
    const serviceToken = await service.create('cms');
    const editorToken = await service.create('laptop', 1);
    expect(await service.verify(serviceToken.token)).toEqual({
      editorId: null,
      label: 'token:cms',
      role: 'admin',
    });
    expect(await service.verify(editorToken.token)).toEqual({
      editorId: 1,
      label: 'desk@example.com (token:laptop)',
      role: 'editor',
    });
  });

  it('opens for nothing it did not make', async () => {
    const { service } = setUp();
    const made = await service.create('cms');
    expect(await service.verify(`${made.token}x`)).toBeNull();
    expect(await service.verify(made.token.slice(4))).toBeNull();
  });

  it('records a use at most once a minute', async () => {
    const { service, tokens } = setUp();
    const made = await service.create('cms');
    await service.verify(made.token);
    await service.verify(made.token);
    expect(tokens.touches).toBe(1);
    expect(tokens.rows[0].lastUsedAt).toBeInstanceOf(Date);
  });

  it('does not open once revoked', async () => {
    const { service } = setUp();
    const made = await service.create('cms');
    await service.revoke(made.id);
    expect(await service.verify(made.token)).toBeNull();
    await expect(service.revoke(made.id)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('lets an editor revoke only their own tokens', async () => {
    const { service } = setUp();
    const made = await service.create('cms');
    await expect(service.revoke(made.id, 1)).rejects.toBeInstanceOf(NotFoundException);
    expect(await service.verify(made.token)).not.toBeNull();
  });

  it("does not open while the editor's account is disabled", async () => {
    const { service, accounts } = setUp();
    const made = await service.create('laptop', 1);
    await accounts.setDisabled(1, true);
    expect(await service.verify(made.token)).toBeNull();
  });

  it('does not open for an editor who was deleted', async () => {
    const { service, editors } = setUp();
    const made = await service.create('laptop', 1);
    editors.rows.length = 0;
    expect(await service.verify(made.token)).toBeNull();
  });

  it("does not open again when the editor's account is re-enabled after being disabled", async () => {
    const { service, accounts, tokens } = setUp();
    const made = await service.create('laptop', 1);
    const serviceToken = await service.create('cms');
    await accounts.setDisabled(1, true);
    await accounts.setDisabled(1, false);
    expect(await service.verify(made.token)).toBeNull();
    expect(tokens.rows[0].revokedAt).toBeInstanceOf(Date);
    // A new token made after re-enabling works; tokens of others are untouched.
    expect(await service.verify((await service.create('new laptop', 1)).token)).not.toBeNull();
    expect(await service.verify(serviceToken.token)).not.toBeNull();
  });
});
