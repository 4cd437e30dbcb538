import type { Feed } from '../../articles/entities/feed.entity.js';
import { html, type SafeHtml } from '../../common/html.js';
import { arabicNumber } from './admin-page.js';

/** What a feed's last poll did, as the overview and the feeds page show it. */
export function feedStatus(feed: Feed): SafeHtml {
  if (feed.lastStatus === 'not_modified') return html`سليمة: لا جديد`;
  if (feed.lastStatus === 'ok') {
    return html`سليمة: ${arabicNumber(feed.lastNew)} جديد، ${arabicNumber(feed.lastUpdated)} محدَّث`;
  }
  if (feed.lastStatus === 'pending') return html`لم تُقرأ بعد`;
  return html`خطأ: <span class="ltr" title="${feed.lastError}">${feed.lastError.slice(0, 120)}</span>`;
}
