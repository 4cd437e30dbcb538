import { ConflictException, NotFoundException } from '@nestjs/common';
import type { ApiTokensRepository } from './api-tokens.repository.js';
import type { EditorSessionsRepository, NewEditorSession } from './editor-sessions.repository.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import type { EditorChanges, EditorsRepository, NewEditorRow } from './editors.repository.js';
import { EditorsService, SelfChangeRefused } from './editors.service.js';
import { hashPassword } from './passwords.js';
import type { EditorSession } from './entities/editor-session.entity.js';
import type { Editor } from './entities/editor.entity.js';

const PASSWORD = 'correct horse battery';

/** The editors table in memory, with its UNIQUE email; rows come back as copies. */
class FakeEditors implements Pick<EditorsRepository, keyof EditorsRepository> {
  readonly rows: Editor[] = [];

  async byId(id: number): Promise<Editor | null> {
    return this.copy(this.rows.find((r) => r.id === id));
  }

  async byEmail(email: string): Promise<Editor | null> {
    return this.copy(this.rows.find((r) => r.email === email));
  }

  async emailTaken(email: string): Promise<boolean> {
    return this.rows.some((r) => r.email === email);
  }

  async all(): Promise<Editor[]> {
    return this.rows.map((r) => ({ ...r }));
  }

  async create(editor: NewEditorRow): Promise<Editor> {
    if (this.rows.some((r) => r.email === editor.email)) throw new Error('UNIQUE violation');
    const row = { ...editor, id: this.rows.length + 1 };
    this.rows.push(row);
    return { ...row };
  }

  async update(id: number, changes: EditorChanges): Promise<void> {
    Object.assign(this.rows.find((r) => r.id === id) ?? {}, changes);
  }

  private copy(row: Editor | undefined): Editor | null {
    return row ? { ...row } : null;
  }
}

/** Only what starting, resolving and ending sessions use. */
class FakeSessions implements Pick<
  EditorSessionsRepository,
  'create' | 'byTokenHash' | 'deleteAllOf'
> {
  rows: EditorSession[] = [];

  async create(session: NewEditorSession): Promise<EditorSession> {
    const row = { ...session, id: this.rows.length + 1 };
    this.rows.push(row);
    return { ...row };
  }

  async byTokenHash(tokenHash: string): Promise<EditorSession | null> {
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    return row ? { ...row } : null;
  }

  async deleteAllOf(editorId: number): Promise<void> {
    this.rows = this.rows.filter((r) => r.editorId !== editorId);
  }
}

let passwordHash: Promise<string> | undefined;

/** Two accounts, an admin (id 1) and an editor (id 2), each logged in on one browser. */
async function setUp() {
  // argon2 costs about 0.1 s a hash: the two accounts share one, made once.
  passwordHash ??= hashPassword(PASSWORD);
  const editors = new FakeEditors();
  for (const [email, role] of [
    ['chief@example.com', 'admin'],
    ['desk@example.com', 'editor'],
  ] as const) {
    await editors.create({
      email,
      role,
      name: '',
      passwordHash: await passwordHash,
      createdAt: new Date(),
      passwordChangedAt: new Date(),
      disabledAt: null,
    });
  }
  const [admin, editor] = editors.rows;
  const sessionRows = new FakeSessions();
  const sessions = new EditorSessionsService(
    sessionRows as unknown as EditorSessionsRepository,
    editors as unknown as EditorsRepository,
  );
  const revokedFor: number[] = [];
  const apiTokens = {
    revokeLiveOf: async (editorId: number) => {
      revokedFor.push(editorId);
    },
  } as unknown as ApiTokensRepository;
  const service = new EditorsService(editors as unknown as EditorsRepository, sessions, apiTokens);
  const tokens = {
    admin: (await sessions.start(admin)).token,
    editor: (await sessions.start(editor)).token,
  };
  return { service, sessions, editors, editor, tokens, revokedFor };
}

describe('editor accounts', () => {
  it('refuses a second account for the same address, however it is typed', async () => {
    const { service, editors } = await setUp();
    await expect(
      service.create({ email: ' desk@Example.COM ', role: 'admin', password: PASSWORD }),
    ).rejects.toBeInstanceOf(ConflictException);
    expect(editors.rows.map((r) => r.email)).toEqual(['chief@example.com', 'desk@example.com']);
  });

  it('makes an account with its address normalized and only an argon2 hash of the password', async () => {
    const { service, editors } = await setUp();
    const made = await service.create({
      email: ' news@Example.COM ',
      name: ' News desk ',
      role: 'editor',
      password: PASSWORD,
    });
    expect(made).toMatchObject({ id: 3, email: 'news@example.com', name: 'News desk' });
    expect(editors.rows[2].passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(editors.rows)).not.toContain(PASSWORD);
  });

  it('refuses a password shorter than ten characters', async () => {
    const { service, editors } = await setUp();
    await expect(
      service.create({ email: 'news@example.com', role: 'editor', password: 'too short' }),
    ).rejects.toMatchObject({ response: { fields: { password: 'at least 10 characters' } } });
    expect(editors.rows).toHaveLength(2);
  });

  it('lets in the right password of an active account only', async () => {
    const { service } = await setUp();
    expect((await service.authenticate(' desk@EXAMPLE.com', PASSWORD))?.id).toBe(2);
    expect(await service.authenticate('desk@example.com', 'wrong password')).toBeNull();
    await service.setDisabled(2, true);
    expect(await service.authenticate('desk@example.com', PASSWORD)).toBeNull();
  });

  it("disabling an account ends its sessions and revokes its API tokens, no one else's, for good", async () => {
    const { service, sessions, tokens, revokedFor } = await setUp();
    await service.setDisabled(2, true);
    expect(await sessions.resolve(tokens.editor)).toBeNull();
    expect(await sessions.resolve(tokens.admin)).not.toBeNull();
    expect(revokedFor).toEqual([2]);
    await service.setDisabled(2, false);
    expect(await sessions.resolve(tokens.editor)).toBeNull();
  });

  it("a new password ends the account's sessions", async () => {
    const { service, sessions, tokens, editor } = await setUp();
    await service.changePassword(editor, PASSWORD, 'another long password');
    expect(await sessions.resolve(tokens.editor)).toBeNull();
    expect((await service.authenticate('desk@example.com', 'another long password'))?.id).toBe(2);
  });

  // No "last admin" rule exists: the rule is that an admin cannot demote or disable themselves.
  it('refuses an admin demoting or disabling their own account, and changes nothing', async () => {
    const { service, editors } = await setUp();
    const before = { ...editors.rows[0] };
    for (const changes of [
      { role: 'editor', disabled: false, password: 'a new long password' },
      { role: 'admin', disabled: true, password: '' },
    ]) {
      await expect(service.changeAccount(1, 1, changes)).rejects.toBeInstanceOf(SelfChangeRefused);
    }
    expect(editors.rows[0]).toEqual(before);
  });

  it("lets an admin change another account's role and disable it", async () => {
    const { service, sessions, tokens } = await setUp();
    await service.changeAccount(1, 2, { role: 'admin', disabled: true, password: '' });
    expect(await service.get(2)).toMatchObject({ role: 'admin', disabledAt: expect.any(Date) });
    expect(await sessions.resolve(tokens.editor)).toBeNull();
  });

  it('ignores a role it does not know', async () => {
    const { service } = await setUp();
    await service.changeAccount(1, 2, { role: 'owner', disabled: false, password: '' });
    expect((await service.get(2)).role).toBe('editor');
  });

  it('answers 404 for an account that does not exist', async () => {
    const { service } = await setUp();
    await expect(service.setDisabled(9, true)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.get(Number.NaN)).rejects.toBeInstanceOf(NotFoundException);
  });
});
