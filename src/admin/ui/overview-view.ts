import type { Feed } from '../../articles/entities/feed.entity.js';
import type { TopArticle } from '../../clicks/clicks.repository.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, safeHttpUrl, type SafeHtml } from '../../common/html.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import type { RelayStatusRow } from '../../delivery/relays/relay-status.js';
import { type CampaignRow, campaignsTable } from './campaign-list-view.js';
import { feedStatus } from './feed-status.js';
import { type DayCount, growthChart } from './growth-chart.js';
import { relaysCard } from './relays-card.js';

export interface OverviewModel {
  counts: Record<'pending' | 'confirmed' | 'unsubscribed', number>;
  growth: DayCount[];
  campaigns: CampaignRow[];
  feeds: Feed[];
  /** The most clicked articles of the last 30 days; null or absent when clicks are not tracked. */
  topClicked?: TopArticle[] | null;
  /** The SMTP_URLS relays as the workers recorded them; absent without SMTP_URLS, null if unread. */
  relays?: RelayStatusRow[] | null;
  timeZone: string;
}

const ARABIC_LETTER = /\p{Script=Arabic}/u;

/**
 * /admin: subscribers at a glance, their growth, the latest campaigns, the SMTP relays (with
 * SMTP_URLS) and the feeds' health.
 */
export function overviewView(model: OverviewModel): SafeHtml {
  return html`<div class="grid">
      <div class="stat">مؤكَّدون<b>${arabicNumber(model.counts.confirmed)}</b></div>
      <div class="stat">بانتظار التأكيد<b>${arabicNumber(model.counts.pending)}</b></div>
      <div class="stat">ألغوا اشتراكهم<b>${arabicNumber(model.counts.unsubscribed)}</b></div>
    </div>
    <h2>النمو في آخر ${arabicCount(model.growth.length, NOUNS.day)}</h2>
    ${growthChart(model.growth)}
    <h2>آخر الحملات</h2>
    ${model.campaigns.length ? campaignsTable(model.campaigns, model.timeZone) : html`<p class="muted">لا حملات بعد. <a href="/admin/campaigns/new">أنشئ أول حملة</a>.</p>`}
    ${model.relays === undefined ? '' : relaysCard(model.relays, model.timeZone)}
    ${model.topClicked ? topClickedTable(model.topClicked) : ''}
    <h2>الخلاصات</h2>
    ${model.feeds.length ? feedsTable(model) : html`<p class="muted">لا خلاصات بعد. <a href="/admin/articles">أضف خلاصة الموقع</a>.</p>`}`;
}

/** What readers clicked most in the last 30 days, over every campaign. */
function topClickedTable(articles: TopArticle[]): SafeHtml {
  const body = articles.length
    ? html`<div class="table-scroll" data-field="top-clicked">
        <table>
          <thead>
            <tr>
              <th>المقال</th>
              <th>النقرات</th>
            </tr>
          </thead>
          <tbody>
            ${articles.map(
              (article) => html`<tr data-article="${article.articleId}">
                <td>
                  <a href="${safeHttpUrl(article.url) ?? '#'}" rel="noopener noreferrer" dir="auto"
                    >${article.title}</a
                  >
                </td>
                <td>${arabicNumber(article.clicks)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    : html`<p class="muted" data-field="top-clicked">لم ينقر القرّاء أيّ مقال في آخر ثلاثين يوماً.</p>`;
  return html`<h2>الأكثر نقراً في آخر ثلاثين يوماً</h2>
    ${body}`;
}

function feedsTable(model: OverviewModel): SafeHtml {
  return html`<div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th>الخلاصة</th>
          <th>آخر قراءة</th>
          <th>النتيجة</th>
        </tr>
      </thead>
      <tbody>
        ${model.feeds.map(
          (feed) => html`<tr>
            <td>${feedName(feed)}</td>
            <td>${arabicTime(feed.lastPolledAt, model.timeZone)}</td>
            <td>${feedStatus(feed)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A feed by its Arabic title; a Latin title or, before the first read, its URL, left to right. */
function feedName(feed: Feed): SafeHtml | string {
  if (feed.title && ARABIC_LETTER.test(feed.title)) return feed.title;
  return ltr(feed.title || feed.url);
}
