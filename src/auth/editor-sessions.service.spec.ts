import { sha256 } from '../common/secrets.js';
import type { EditorSessionsRepository, NewEditorSession } from './editor-sessions.repository.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import type { EditorsRepository } from './editors.repository.js';
import type { EditorSession } from './entities/editor-session.entity.js';
import type { Editor } from './entities/editor.entity.js';

const HOUR = 3600_000;

/** The editor_sessions table in memory; `age` moves every row into the past, as time passing would. */
class FakeSessions implements Pick<EditorSessionsRepository, keyof EditorSessionsRepository> {
  rows: EditorSession[] = [];
  touches = 0;

  async create(session: NewEditorSession): Promise<EditorSession> {
    const row = { ...session, id: this.rows.length + 1 };
    this.rows.push(row);
    return { ...row };
  }

  async byTokenHash(tokenHash: string): Promise<EditorSession | null> {
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    return row ? { ...row } : null;
  }

  async touch(id: number, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    this.touches += 1;
    Object.assign(
      this.rows.find((r) => r.id === id)!,
      { lastSeenAt, expiresAt },
    );
  }

  async delete(id: number): Promise<void> {
    this.rows = this.rows.filter((r) => r.id !== id);
  }

  async deleteByTokenHash(tokenHash: string): Promise<void> {
    this.rows = this.rows.filter((r) => r.tokenHash !== tokenHash);
  }

  async deleteAllOf(editorId: number): Promise<void> {
    this.rows = this.rows.filter((r) => r.editorId !== editorId);
  }

  age(ms: number): void {
    const back = (date: Date) => new Date(date.getTime() - ms);
    for (const row of this.rows) {
      Object.assign(row, {
        createdAt: back(row.createdAt),
        lastSeenAt: back(row.lastSeenAt),
        expiresAt: back(row.expiresAt),
      });
    }
  }
}

class FakeEditors implements Pick<EditorsRepository, 'byId'> {
  readonly rows: Editor[] = [
    { id: 1, email: 'desk@example.com', role: 'editor', disabledAt: null } as Editor,
  ];

  async byId(id: number): Promise<Editor | null> {
    const row = this.rows.find((r) => r.id === id);
    return row ? { ...row } : null;
  }
}

async function setUp() {
  const sessions = new FakeSessions();
  const editors = new FakeEditors();
  const service = new EditorSessionsService(
    sessions as unknown as EditorSessionsRepository,
    editors as unknown as EditorsRepository,
  );
  const { token } = await service.start(editors.rows[0]);
  return { service, sessions, editors, token };
}

describe('editor sessions', () => {
  it('keeps only the sha256 of the cookie token, and resolves the token to its editor', async () => {
    const { service, sessions, token } = await setUp();
    expect(sessions.rows).toHaveLength(1);
    expect(sessions.rows[0].tokenHash).toBe(sha256(token).toString('hex'));
    expect(sessions.rows[0].csrfToken).not.toBe(token);
    expect((await service.resolve(token))?.editor.email).toBe('desk@example.com');
    expect(await service.resolve(`${token}x`)).toBeNull();
  });

  it('expires after twelve hours without a request, and the row goes', async () => {
    const { service, sessions, token } = await setUp();
    sessions.age(11 * HOUR);
    expect(await service.resolve(token)).not.toBeNull();
    sessions.age(12 * HOUR + 1000);
    expect(await service.resolve(token)).toBeNull();
    expect(sessions.rows).toEqual([]);
  });

  it('slides the expiry on a request, writing at most once in five minutes', async () => {
    const { service, sessions, token } = await setUp();
    sessions.age(HOUR);
    await service.resolve(token);
    expect(sessions.touches).toBe(1);
    const expiresIn = new Date(sessions.rows[0].expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(12 * HOUR - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(12 * HOUR);
    sessions.age(60_000);
    await service.resolve(token);
    expect(sessions.touches).toBe(1);
  });

  it('ends seven days after login however busy the editor is', async () => {
    const { service, sessions, token } = await setUp();
    for (let hours = 0; hours + 11 < 7 * 24; hours += 11) {
      sessions.age(11 * HOUR);
      expect(await service.resolve(token)).not.toBeNull();
    }
    sessions.age(11 * HOUR);
    expect(await service.resolve(token)).toBeNull();
  });

  it('does not open for a disabled editor', async () => {
    const { service, editors, token } = await setUp();
    editors.rows[0].disabledAt = new Date();
    expect(await service.resolve(token)).toBeNull();
  });

  it('ends on logout, and every session of an editor at once', async () => {
    const { service, sessions, editors, token } = await setUp();
    const other = await service.start(editors.rows[0]);
    await service.end(token);
    expect(await service.resolve(token)).toBeNull();
    expect(await service.resolve(other.token)).not.toBeNull();
    await service.endAll(1);
    expect(await service.resolve(other.token)).toBeNull();
    expect(sessions.rows).toEqual([]);
  });
});
