import type { ArticleWindow } from '../articles/articles.repository.js';
import { formatDigestDate, type DigestDateStyle } from '../rendering/digest-date.js';

/** Nothing older than a week goes into a "what's new" digest, whenever the last one was. */
const OLDEST_NEW_ARTICLE_MS = 7 * 24 * 3600_000;
const FIRST_DIGEST_HOURS = 24;

/**
 * The articles a slot's digest may take. "Since the last digest" counts from when the previous
 * digest chose its articles, by when Nashra collected them rather than by their publication
 * time: an article published at 06:55 and polled at 07:05 missed the 07:00 digest, so it goes into
 * the next one. A first digest takes the last 24 hours. `sinceHours` is a plain window on
 * publication time.
 */
export function articleWindow(
  options: { sinceLastDigest: boolean; sinceHours: number | null },
  previousDigestAt: Date | null,
  now: Date,
): ArticleWindow {
  if (options.sinceLastDigest && previousDigestAt) {
    return {
      publishedSince: new Date(now.getTime() - OLDEST_NEW_ARTICLE_MS),
      collectedAfter: previousDigestAt,
    };
  }
  const hours = options.sinceHours ?? FIRST_DIGEST_HOURS;
  return { publishedSince: new Date(now.getTime() - hours * 3600_000), collectedAfter: null };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const SUBJECT_VALUES = ['date'] as const;

/** Placeholders in a subject template that we cannot fill. */
export function unknownSubjectPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[1])
    .filter((name) => !(SUBJECT_VALUES as readonly string[]).includes(name));
}

/** «نشرة الصباح — {{date}}» → «نشرة الصباح — الخميس 26 نوفمبر 2026», dated in the schedule's zone. */
export function renderSubject(template: string, slot: Date, style: DigestDateStyle): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name === 'date' ? formatDigestDate(slot, style) : whole,
  );
}
