import type { Feed } from '../../articles/entities/feed.entity.js';
import { POLL_MINUTES } from '../../articles/feed-input.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import { arabicTime } from '../../common/arabic-format.js';
import { csrfField } from './form-fields.js';
import type { FeedFormValues } from './feed-form.js';
import { feedErrorInArabic } from './feed-error.js';
import { feedStatusBrief } from './feed-status.js';

/** The feeds with their interval, last poll and actions, in a box that scrolls on a phone. */
export function feedTable(feeds: Feed[], zone: string, csrfToken: string): SafeHtml {
  if (!feeds.length) {
    return html`<p class="muted">لا خلاصات بعد. أضف خلاصة موقعك أدناه، فتُجمع مقالاته منها تلقائياً.</p>`;
  }
  return html`<div class="table-scroll">
    <table class="feeds">
      <thead>
        <tr>
          <th>الخلاصة</th>
          <th>تُقرأ كل</th>
          <th>آخر قراءة</th>
          <th>إجراءات</th>
        </tr>
      </thead>
      <tbody>
        ${feeds.map((feed) => feedRows(feed, zone, csrfToken))}
      </tbody>
    </table>
  </div>`;
}

/** A feed's row, and below it, across the table, why its last poll failed. */
function feedRows(feed: Feed, zone: string, csrfToken: string): SafeHtml {
  const csrf = csrfField(csrfToken);
  const action = (verb: string) => `/admin/feeds/${feed.id}/${verb}`;
  return html`<tr id="feed-${feed.id}">
      <td>
        ${feed.title ? html`<bdi dir="auto">${feed.title}</bdi><br />` : ''}
        <span class="muted">${ltr(breakableUrl(feed.url))}</span>
      </td>
      <td>${arabicCount(feed.pollMinutes, NOUNS.minute)}</td>
      <td>${arabicTime(feed.lastPolledAt, zone)}<br />${feedStatusBrief(feed)}</td>
      <td>
        ${
          feed.paused
            ? ''
            : html`<form method="post" action="${action('poll')}">
              ${csrf}<button class="link" type="submit">اقرأها الآن</button>
            </form>`
        }
        <form method="post" action="${action(feed.paused ? 'resume' : 'pause')}">
          ${csrf}<button class="link" type="submit">${feed.paused ? 'استئناف' : 'إيقاف مؤقت'}</button>
        </form>
        <div><a href="${action('edit')}">تعديل</a></div>
        <form
          method="post"
          action="${action('delete')}"
          data-confirm="حذف هذه الخلاصة؟ لن تُقرأ بعد الآن، وتبقى المقالات التي جُمعت منها."
        >
          ${csrf}<button class="link" type="submit">حذف</button>
        </form>
      </td>
    </tr>
    ${
      feed.lastStatus === 'error'
        ? html`<tr id="feed-${feed.id}-error" class="feed-error">
          <td colspan="4">${feedErrorInArabic(feed.lastError)}</td>
        </tr>`
        : ''
    }`;
}

/** A long URL may wrap after the slashes and dots of its host and path, so its cell stays narrow. */
function breakableUrl(url: string): SafeHtml {
  const [, scheme = '', rest = ''] = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)$/is.exec(url) ?? [];
  const pieces = rest.split(/(?<=[/?&.])/);
  return html`${scheme}${pieces.map((piece, index) => (index ? html`<wbr />${piece}` : piece))}`;
}

/** The fields of a feed, for adding one or editing it; the address reads left to right. */
function feedFields(values: FeedFormValues): SafeHtml {
  return html`<label for="feed-url">رابط الخلاصة (${ltr('RSS')} أو ${ltr('Atom')} أو ووردبريس)</label>
    <input
      id="feed-url"
      name="url"
      type="text"
      inputmode="url"
      dir="ltr"
      class="ltr"
      spellcheck="false"
      autocapitalize="off"
      required
      maxlength="2000"
      placeholder="https://example.com/feed/"
      value="${values.url}"
    />
    <label for="feed-minutes">الفاصل بين القراءات (بالدقائق)</label>
    <input
      id="feed-minutes"
      name="pollMinutes"
      type="number"
      min="${POLL_MINUTES.min}"
      max="${POLL_MINUTES.max}"
      required
      value="${values.pollMinutes}"
    />`;
}

function formError(error: SafeHtml | undefined): SafeHtml | string {
  return error ? html`<p class="error" role="alert">${error}</p>` : '';
}

export function addFeedForm(values: FeedFormValues, csrfToken: string, error?: SafeHtml): SafeHtml {
  return html`<h2 id="add-feed">إضافة خلاصة</h2>
    ${formError(error)}
    <form method="post" action="/admin/feeds" class="card">
      ${csrfField(csrfToken)} ${feedFields(values)}
      <div class="actions"><button type="submit">إضافة الخلاصة</button></div>
    </form>`;
}

/** The edit page's body: a new address is read at once, and what was said of the old one goes. */
export function editFeedBody(
  feed: Feed,
  values: FeedFormValues,
  csrfToken: string,
  error?: SafeHtml,
): SafeHtml {
  return html`${formError(error)}
    ${
      feed.paused ? html`<p class="muted">هذه الخلاصة متوقفة مؤقتاً، ولن تُقرأ حتى تستأنفها.</p>` : ''
    }
    <form method="post" action="/admin/feeds/${feed.id}" class="card">
      ${csrfField(csrfToken)} ${feedFields(values)}
      <p class="muted">
        إن غيّرت الرابط قُرئت الخلاصة منه فوراً (ما لم تكن متوقفة)، وبقيت المقالات التي جُمعت من
        قبل.
      </p>
      <div class="actions">
        <button type="submit">حفظ</button>
        <a class="button secondary" href="/admin/articles">إلغاء</a>
      </div>
    </form>`;
}
