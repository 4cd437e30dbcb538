import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EditorSession } from './entities/editor-session.entity.js';

export type NewEditorSession = Omit<EditorSession, 'id'>;

/** Logged-in browsers, found by the sha256 of their cookie token. */
@Injectable()
export class EditorSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(session: NewEditorSession): Promise<EditorSession> {
    return this.sessions.save(this.sessions.create(session));
  }

  byTokenHash(tokenHash: string): Promise<EditorSession | null> {
    return this.sessions.findOneBy({ tokenHash });
  }

  /** Slides the session's expiry. */
  async touch(id: number, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.sessions.update({ id }, { lastSeenAt, expiresAt });
  }

  async delete(id: number): Promise<void> {
    await this.sessions.delete({ id });
  }

  async deleteByTokenHash(tokenHash: string): Promise<void> {
    await this.sessions.delete({ tokenHash });
  }

  async deleteAllOf(editorId: number): Promise<void> {
    await this.sessions.delete({ editorId });
  }

  private get sessions() {
    return this.dataSource.getRepository(EditorSession);
  }
}
