import type { Feed } from '../../articles/entities/feed.entity.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, type SafeHtml } from '../../common/html.js';
import { feedErrorInArabic } from './feed-error.js';

/** What a feed's last poll did, and whether it is paused, in one line (the overview's). */
export function feedStatus(feed: Feed): SafeHtml {
  return withPause(feed, lastPollInArabic(feed, true));
}

/**
 * The same, short: the feeds table puts the explanation of an error on a line of its own
 * (`feedErrorInArabic`), so a long explanation does not widen the table.
 */
export function feedStatusBrief(feed: Feed): SafeHtml {
  return withPause(feed, lastPollInArabic(feed, false));
}

function withPause(feed: Feed, lastPoll: SafeHtml): SafeHtml {
  return feed.paused
    ? html`<span class="status paused">متوقفة مؤقتاً</span> <span class="muted">${lastPoll}</span>`
    : lastPoll;
}

function lastPollInArabic(feed: Feed, explainError: boolean): SafeHtml {
  switch (feed.lastStatus) {
    case 'pending':
      return html`لم تُقرأ بعد`;
    case 'not_modified':
      return html`سليمة: لا جديد`;
    case 'ok':
      return html`سليمة: ${changesInArabic(feed.lastNew, feed.lastUpdated)}${skippedInArabic(feed.lastError)}`;
    default:
      return explainError ? html`خطأ: ${feedErrorInArabic(feed.lastError)}` : html`تعذّرت القراءة`;
  }
}

/** «أُضيفت ٣ مقالات وحُدِّثت مقالتان»: the verb before its subject stays singular, as it should. */
function changesInArabic(created: number, updated: number): string {
  const parts = [
    created ? `أُضيفت ${arabicCount(created, NOUNS.article)}` : '',
    updated ? `حُدِّثت ${arabicCount(updated, NOUNS.article)}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' و') : 'لا جديد';
}

/** A successful poll may still have left items out: the poller notes how many, in English. */
function skippedInArabic(note: string): string {
  const skipped = /^(\d+) items without a valid link or title were skipped$/.exec(note);
  return skipped
    ? `، وتُركت ${arabicCount(Number(skipped[1]), NOUNS.article)} بلا رابط أو عنوان صالح`
    : '';
}
