import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { MailingList } from './entities/mailing-list.entity.js';

export interface NewList {
  slug: string;
  name: string;
  description?: string;
  isDefault?: boolean;
  isPublic?: boolean;
}

export type ListChanges = Partial<Omit<NewList, 'slug'>>;

/** The mailing lists. Each is a row editors rarely touch, so every read returns them all in order. */
@Injectable()
export class ListsRepository {
  constructor(@InjectRepository(MailingList) private readonly lists: Repository<MailingList>) {}

  /** Oldest first, as every page and answer shows them. */
  all(): Promise<MailingList[]> {
    return this.lists.find({ order: { id: 'ASC' } });
  }

  publicOnes(): Promise<MailingList[]> {
    return this.lists.find({ where: { isPublic: true }, order: { id: 'ASC' } });
  }

  bySlugs(slugs: string[]): Promise<MailingList[]> {
    return this.lists.find({ where: { slug: In(slugs) }, order: { id: 'ASC' } });
  }

  byId(id: number): Promise<MailingList | null> {
    return this.lists.findOneBy({ id });
  }

  bySlug(slug: string): Promise<MailingList | null> {
    return this.lists.findOneBy({ slug });
  }

  slugTaken(slug: string): Promise<boolean> {
    return this.lists.existsBy({ slug });
  }

  create(list: NewList): Promise<MailingList> {
    return this.lists.save({ description: '', ...list, createdAt: new Date() });
  }

  async update(id: number, changes: ListChanges): Promise<void> {
    await this.lists.update({ id }, changes);
  }

  /** Its subscriptions, campaigns and schedules go with it (ON DELETE CASCADE). */
  async delete(id: number): Promise<void> {
    await this.lists.delete({ id });
  }
}
