import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import type { RelayStatusRow } from '../../delivery/relays/relay-status.js';

/**
 * The overview's «خوادم الإرسال» (SMTP_URLS): each relay's share, its speed limit, whether the
 * workers found it down, and its messages by outcome. `relays` is null when Redis, where the
 * workers record all this, could not be read: the rest of the page still shows.
 */
export function relaysCard(relays: RelayStatusRow[] | null, timeZone: string): SafeHtml {
  return html`<section class="card" data-section="relays">
    <h2>خوادم الإرسال</h2>
    ${
      relays
        ? relaysTable(relays, timeZone)
        : html`<p class="muted" data-field="relays-unread">
            تعذّرت قراءة حال الخوادم الآن. أعد تحميل الصفحة بعد قليل.
          </p>`
    }
  </section>`;
}

function relaysTable(relays: RelayStatusRow[], timeZone: string): SafeHtml {
  return html`<div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th>الخادم</th>
            <th>الوزن</th>
            <th>السرعة القصوى</th>
            <th>الحال</th>
            <th>أُرسلت</th>
            <th>رُفضت</th>
            <th>فشل الاتصال</th>
          </tr>
        </thead>
        <tbody>
          ${relays.map(
            (relay) => html`<tr
              data-relay="${relay.label}"
              data-status="${relay.downUntil ? 'down' : 'up'}"
            >
              <td>${ltr(relay.label)}</td>
              <td>${arabicNumber(relay.weight)}</td>
              <td>${rateInWords(relay.rate)}</td>
              <td>${stateInWords(relay.downUntil, timeZone)}</td>
              <td data-outcome="sent">${arabicNumber(relay.messages.sent)}</td>
              <td data-outcome="refused">${arabicNumber(relay.messages.refused)}</td>
              <td data-outcome="failed">${arabicNumber(relay.messages.failed)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="muted">
      الوزن نصيب الخادم من الرسائل قياساً إلى غيره، والسرعة القصوى حدٌّ لكل عامل إرسال على حدة.
      رُفضت: ردّ الخادم برفض الرسالة نفسها، كعنوانٍ لا وجود له. فشل الاتصال: لم يتسلّم الخادم
      الرسالة لانقطاع الاتصال به، فذهبت إلى خادم آخر أو عادت إلى الطابور. ويُترك الخادم المتوقف
      جانباً إلى الوقت المذكور، ثم يُجرَّب من جديد.
    </p>`;
}

/** «٥٠ رسالة في الثانية», or «بلا حد» for a relay with no rate. */
function rateInWords(rate: number): string {
  return rate > 0 ? `${arabicCount(rate, NOUNS.message)} في الثانية` : 'بلا حد';
}

function stateInWords(downUntil: Date | null, timeZone: string): SafeHtml {
  if (!downUntil) return html`<span class="status sent">يعمل</span>`;
  return html`<span class="status cancelled">متوقف</span> حتى
    <time datetime="${downUntil.toISOString()}">${arabicTime(downUntil, timeZone)}</time>`;
}
