import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { invalidFields } from '../common/zod-body.js';
import { MailingList } from './entities/mailing-list.entity.js';

@Injectable()
export class ListsService {
  constructor(@InjectRepository(MailingList) private readonly lists: Repository<MailingList>) {}

  /** The lists a signup names, or the default lists when it names none; an unknown slug is a 422. */
  async resolveForSignup(slugs: string[] | undefined): Promise<MailingList[]> {
    if (!slugs || slugs.length === 0) {
      const defaults = await this.lists.find({ where: { isDefault: true }, order: { id: 'ASC' } });
      if (defaults.length === 0) throw invalidFields({ lists: 'choose at least one list' });
      return defaults;
    }
    return this.resolve(slugs);
  }

  async resolve(slugs: string[]): Promise<MailingList[]> {
    const unique = [...new Set(slugs)];
    const found = await this.lists.find({ where: { slug: In(unique) }, order: { id: 'ASC' } });
    const unknown = unique.filter((slug) => !found.some((list) => list.slug === slug));
    if (unknown.length > 0) throw invalidFields({ lists: `unknown list: ${unknown.join(', ')}` });
    return found;
  }

  byIds(ids: number[]): Promise<MailingList[]> {
    return ids.length
      ? this.lists.find({ where: { id: In(ids) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  publicLists(): Promise<MailingList[]> {
    return this.lists.find({ where: { isPublic: true }, order: { id: 'ASC' } });
  }
}

/** «النشرة اليومية، نشرة الأحد» */
export function listNames(lists: MailingList[]): string {
  return lists.map((list) => list.name).join('، ');
}
