import type { Feed } from '../../articles/entities/feed.entity.js';
import { readPollNote } from '../../articles/poll-notes.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
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
      return html`سليمة: ${changesInArabic(feed.lastNew, feed.lastUpdated)}${noteInArabic(feed.lastError)}`;
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

/**
 * A successful poll may still have left items out, each reason counted apart («، وتُركت ٣ مقالات
 * بلا رابط ومقالة واحدة بلا عنوان»), or read a feed whose declared encoding nobody knows: the
 * poller notes both in English (articles/poll-notes.ts).
 */
function noteInArabic(text: string): SafeHtml {
  const note = readPollNote(text);
  const skipped = (
    [
      [note.skipped.noLink, 'بلا رابط'],
      [note.skipped.noTitle, 'بلا عنوان'],
      [note.skipped.invalid, 'فيها حقول غير صالحة'],
      [note.skipped.noLinkOrTitle, 'بلا رابط أو عنوان صالح'],
    ] as const
  )
    .filter(([count]) => count > 0)
    .map(([count, why]) => `${arabicCount(count, NOUNS.article)} ${why}`);
  const parts: SafeHtml[] = skipped.length ? [html`، وتُركت ${skipped.join(' و')}`] : [];
  if (note.unknownEncoding !== null) {
    parts.push(
      html`، وقُرئت بترميز ${ltr('UTF-8')} لأن ترميزها المعلن (${ltr(note.unknownEncoding)}) غير معروف`,
    );
  }
  return html`${parts}`;
}
