import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { normalizeEmail } from '../common/email-address.js';
import { invalidFields } from '../common/zod-body.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import { EditorsRepository } from './editors.repository.js';
import { EDITOR_ROLES, type Editor, type EditorRole } from './entities/editor.entity.js';
import {
  burnPasswordCheck,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  passwordMatches,
} from './passwords.js';

export interface NewEditor {
  email: string;
  name?: string;
  role: EditorRole;
  password: string;
}

/** What an admin's form changes on an account; `role` as posted (one we do not know changes nothing). */
export interface AccountChanges {
  role: string;
  disabled: boolean;
  /** Empty: the password stays. */
  password: string;
}

/** An admin may not disable their own account or change their own role: another admin must. */
export class SelfChangeRefused extends UnprocessableEntityException {
  constructor() {
    super(
      invalidFields({ role: 'an admin cannot disable or demote their own account' }).getResponse(),
    );
  }
}

/** Editor accounts: made by an admin (or the CLI), logged in with email and password. */
@Injectable()
export class EditorsService {
  constructor(
    private readonly editors: EditorsRepository,
    private readonly sessions: EditorSessionsService,
    private readonly tokens: ApiTokensRepository,
  ) {}

  async create(input: NewEditor): Promise<Editor> {
    const email = this.validEmail(input.email);
    checkPassword(input.password);
    if (await this.editors.emailTaken(email)) {
      throw new ConflictException(`An account for ${email} already exists.`);
    }
    const now = new Date();
    return this.editors.create({
      email,
      name: input.name?.trim() ?? '',
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      passwordChangedAt: now,
      disabledAt: null,
    });
  }

  /** The active account with this email and password, or null; equally slow either way. */
  async authenticate(email: string, password: string): Promise<Editor | null> {
    const normalized = normalizeEmail(email);
    const editor = normalized.ok ? await this.editors.byEmail(normalized.email) : null;
    if (!editor || editor.disabledAt) {
      await burnPasswordCheck(password);
      return null;
    }
    return (await passwordMatches(editor.passwordHash, password)) ? editor : null;
  }

  /** Changes an editor's own password; every session of theirs ends, on every browser. */
  async changePassword(editor: Editor, current: string, next: string): Promise<void> {
    if (!(await passwordMatches(editor.passwordHash, current))) {
      throw invalidFields({ current: 'كلمة المرور الحالية غير صحيحة' });
    }
    await this.setPassword(editor.id, next);
  }

  /** An admin's reset (or the CLI's): the account's sessions end too. */
  async setPassword(id: number, password: string): Promise<void> {
    checkPassword(password);
    await this.get(id);
    await this.editors.update(id, {
      passwordHash: await hashPassword(password),
      passwordChangedAt: new Date(),
    });
    await this.sessions.endAll(id);
  }

  async setRole(id: number, role: EditorRole): Promise<void> {
    await this.get(id);
    await this.editors.update(id, { role });
  }

  /**
   * An admin's changes to an account, from the editors' page. The password goes first: it is the
   * only part that can be refused, and a refused form changes nothing.
   */
  async changeAccount(adminId: number, id: number, changes: AccountChanges): Promise<void> {
    const target = await this.get(id);
    if (adminId === target.id && (changes.role !== target.role || changes.disabled)) {
      throw new SelfChangeRefused();
    }
    if (changes.password) await this.setPassword(target.id, changes.password);
    if ((EDITOR_ROLES as readonly string[]).includes(changes.role)) {
      await this.setRole(target.id, changes.role as EditorRole);
    }
    await this.setDisabled(target.id, changes.disabled);
  }

  /**
   * A disabled account cannot log in; its sessions end and its API tokens are revoked, so enabling
   * it again revives none of them. Enabling also revokes any token older than the disabling (an
   * account disabled before tokens were revoked with it).
   */
  async setDisabled(id: number, disabled: boolean): Promise<void> {
    const editor = await this.get(id);
    await this.editors.update(id, { disabledAt: disabled ? new Date() : null });
    if (disabled) {
      await this.sessions.endAll(id);
      await this.tokens.revokeLiveOf(id);
    } else if (editor.disabledAt) {
      await this.tokens.revokeLiveOf(id, editor.disabledAt);
    }
  }

  async get(id: number): Promise<Editor> {
    const editor = Number.isSafeInteger(id) ? await this.editors.byId(id) : null;
    if (!editor) throw new NotFoundException(`No editor with id ${id}.`);
    return editor;
  }

  findByEmail(email: string): Promise<Editor | null> {
    const normalized = normalizeEmail(email);
    return normalized.ok ? this.editors.byEmail(normalized.email) : Promise.resolve(null);
  }

  list(): Promise<Editor[]> {
    return this.editors.all();
  }

  private validEmail(email: string): string {
    const normalized = normalizeEmail(email);
    if (!normalized.ok) throw invalidFields({ email: normalized.reason });
    return normalized.email;
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: `كلمة المرور قصيرة: ${MIN_PASSWORD_LENGTH} أحرف على الأقل`,
      fields: { password: `at least ${MIN_PASSWORD_LENGTH} characters` },
    });
  }
}
