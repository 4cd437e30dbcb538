import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Editor } from './entities/editor.entity.js';

export type NewEditorRow = Omit<Editor, 'id'>;

export type EditorChanges = Partial<
  Pick<Editor, 'passwordHash' | 'passwordChangedAt' | 'role' | 'disabledAt'>
>;

/**
 * The editors' accounts, by id or by (normalized) email. An address is one account whatever its
 * case: people type their address as it comes, and no mail provider tells `Ali@` from `ali@`.
 */
@Injectable()
export class EditorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byId(id: number): Promise<Editor | null> {
    return this.editors.findOneBy({ id });
  }

  byEmail(email: string): Promise<Editor | null> {
    return this.sameAddress(email).orderBy('e.id', 'ASC').getOne();
  }

  emailTaken(email: string): Promise<boolean> {
    return this.sameAddress(email).getExists();
  }

  /** Oldest first, as the editors' page lists them. */
  all(): Promise<Editor[]> {
    return this.editors.find({ order: { id: 'ASC' } });
  }

  create(editor: NewEditorRow): Promise<Editor> {
    return this.editors.save(this.editors.create(editor));
  }

  async update(id: number, changes: EditorChanges): Promise<void> {
    await this.editors.update({ id }, changes);
  }

  private sameAddress(email: string) {
    return this.editors.createQueryBuilder('e').where('LOWER(e.email) = LOWER(:email)', { email });
  }

  private get editors() {
    return this.dataSource.getRepository(Editor);
  }
}
