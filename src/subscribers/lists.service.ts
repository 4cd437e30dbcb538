import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { invalidFields } from '../common/zod-body.js';
import { MailingList } from './entities/mailing-list.entity.js';

/** Signups read the lists from memory, refreshed this often: a list is a row editors rarely touch. */
const SIGNUP_LISTS_TTL_MS = 2000;

@Injectable()
export class ListsService {
  private snapshot: { lists: MailingList[]; at: number } | null = null;

  constructor(@InjectRepository(MailingList) private readonly lists: Repository<MailingList>) {}

  /**
   * The lists a signup names, or the default lists when it names none; an unknown slug is a 422.
   * Served from a snapshot at most two seconds old; a slug it lacks is looked up afresh, so a
   * list made a moment ago is found.
   */
  async resolveForSignup(slugs: string[] | undefined): Promise<MailingList[]> {
    let all = await this.allLists(false);
    const unique = [...new Set(slugs ?? [])];
    if (unique.some((slug) => !all.some((list) => list.slug === slug)))
      all = await this.allLists(true);
    if (unique.length === 0) {
      const defaults = all.filter((list) => list.isDefault);
      if (defaults.length === 0) throw invalidFields({ lists: 'choose at least one list' });
      return defaults;
    }
    const unknown = unique.filter((slug) => !all.some((list) => list.slug === slug));
    if (unknown.length > 0) throw invalidFields({ lists: `unknown list: ${unknown.join(', ')}` });
    return all.filter((list) => unique.includes(list.slug));
  }

  private async allLists(fresh: boolean): Promise<MailingList[]> {
    if (fresh || !this.snapshot || Date.now() - this.snapshot.at > SIGNUP_LISTS_TTL_MS) {
      this.snapshot = { lists: await this.lists.find({ order: { id: 'ASC' } }), at: Date.now() };
    }
    return this.snapshot.lists;
  }

  async resolve(slugs: string[]): Promise<MailingList[]> {
    const unique = [...new Set(slugs)];
    const found = await this.lists.find({ where: { slug: In(unique) }, order: { id: 'ASC' } });
    const unknown = unique.filter((slug) => !found.some((list) => list.slug === slug));
    if (unknown.length > 0) throw invalidFields({ lists: `unknown list: ${unknown.join(', ')}` });
    return found;
  }

  /** From the snapshot (at most two seconds old); an id it lacks is looked up afresh. */
  async byIds(ids: number[]): Promise<MailingList[]> {
    let all = await this.allLists(false);
    if (ids.some((id) => !all.some((list) => list.id === id))) all = await this.allLists(true);
    return all.filter((list) => ids.includes(list.id));
  }

  publicLists(): Promise<MailingList[]> {
    return this.lists.find({ where: { isPublic: true }, order: { id: 'ASC' } });
  }
}

/** «النشرة اليومية، نشرة الأحد» */
export function listNames(lists: MailingList[]): string {
  return lists.map((list) => list.name).join('، ');
}
