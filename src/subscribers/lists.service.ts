import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { invalidFields } from '../common/zod-body.js';
import type { MailingList } from './entities/mailing-list.entity.js';
import { type ListChanges, ListsRepository, type NewList } from './lists.repository.js';

/** Signups read the lists from memory, refreshed this often: a list is a row editors rarely touch. */
const SIGNUP_LISTS_TTL_MS = 2000;

/** The one way to the mailing lists: pages, the API, signups and sends all read them here. */
@Injectable()
export class ListsService {
  private snapshot: { lists: MailingList[]; at: number } | null = null;

  constructor(private readonly lists: ListsRepository) {}

  /** Every list, oldest first, read afresh. */
  all(): Promise<MailingList[]> {
    return this.lists.all();
  }

  /** List names by id, for tables that show a campaign's or a schedule's list. */
  async namesById(): Promise<Map<number, string>> {
    return new Map((await this.lists.all()).map((list) => [list.id, list.name]));
  }

  byId(id: number): Promise<MailingList | null> {
    return this.lists.byId(id);
  }

  bySlug(slug: string): Promise<MailingList | null> {
    return this.lists.bySlug(slug);
  }

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
      this.snapshot = { lists: await this.lists.all(), at: Date.now() };
    }
    return this.snapshot.lists;
  }

  /** The lists these slugs name, oldest first; an unknown slug is a 422 naming it. */
  async resolve(slugs: string[]): Promise<MailingList[]> {
    const unique = [...new Set(slugs)];
    const found = await this.lists.bySlugs(unique);
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
    return this.lists.publicOnes();
  }

  async create(list: NewList): Promise<MailingList> {
    if (await this.lists.slugTaken(list.slug)) {
      throw new ConflictException(`A list with slug "${list.slug}" exists already.`);
    }
    return this.lists.create(list);
  }

  async update(list: MailingList, changes: ListChanges): Promise<MailingList> {
    // Nothing to change (`{}`): the list as it is, not an UPDATE without columns.
    if (Object.values(changes).every((value) => value === undefined)) return list;
    await this.lists.update(list.id, changes);
    const updated = await this.lists.byId(list.id);
    if (!updated) throw new NotFoundException(`No list with id ${list.id}.`);
    return updated;
  }

  async remove(list: MailingList): Promise<void> {
    await this.lists.delete(list.id);
  }
}

/** «النشرة اليومية، نشرة الأحد» */
export function listNames(lists: MailingList[]): string {
  return lists.map((list) => list.name).join('، ');
}
