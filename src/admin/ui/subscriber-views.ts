import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import type { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import type { Subscriber, SubscriberStatus } from '../../subscribers/entities/subscriber.entity.js';
import type { ImportSummary } from '../subscriber-importer.js';
import { arabicNumber } from '../../common/arabic-format.js';
import { csrfField, selectOption } from './form-fields.js';
import { statusBadge, STATUS_LABELS } from './status-labels.js';
import { addressProblem } from './subscriber-messages.js';

export const SUBSCRIBER_STATUSES: SubscriberStatus[] = ['confirmed', 'pending', 'unsubscribed'];

/** What the add form shows again after a refusal. */
export interface AddFormValues {
  email: string;
  name: string;
  list: string;
  confirmed: boolean;
}

/** What the import form shows again after a refusal. */
export interface ImportFormValues {
  list: string;
  confirmed: boolean;
}

export interface ImportOutcome {
  list: MailingList;
  confirmed: boolean;
  summary: ImportSummary;
}

export interface SubscribersPageModel {
  csrfToken: string;
  timeZone: string;
  lists: MailingList[];
  search: string;
  status?: SubscriberStatus;
  list?: MailingList;
  rows: Subscriber[];
  /** The next (older) page's query string, when this page is full. */
  olderQuery: string | null;
  error?: SafeHtml;
  added?: AddFormValues;
  imported?: ImportFormValues;
  report?: ImportOutcome;
}

const CSV = ltr('CSV');

/** The subscribers page: the import report first when there is one, then search, table and forms. */
export function subscribersPage(model: SubscribersPageModel): SafeHtml {
  const csrf = csrfField(model.csrfToken);
  const filtered = Boolean(model.search || model.status || model.list);
  return html`${model.error ? html`<p class="error" role="alert">${model.error}</p>` : ''}
    ${model.report ? importReport(model.report) : ''}
    <form method="get" action="/admin/subscribers" class="row card">
      <div>
        <label for="q">بحث بالبريد</label>
        <input id="q" name="q" type="search" dir="ltr" value="${model.search}" />
      </div>
      <div>
        <label for="filter-list">القائمة</label>
        <select id="filter-list" name="list">
          ${selectOption('', 'كل القوائم', model.list?.slug ?? '')}
          ${model.lists.map((item) => selectOption(item.slug, item.name, model.list?.slug))}
        </select>
      </div>
      <div>
        <label for="filter-status">الحالة</label>
        <select id="filter-status" name="status">
          ${selectOption('', 'كل الحالات', model.status ?? '')}
          ${SUBSCRIBER_STATUSES.map((value) => selectOption(value, STATUS_LABELS[value], model.status))}
        </select>
      </div>
      <button type="submit" class="secondary">عرض</button>
      <a class="button secondary" href="/admin/subscribers/export${model.status ? `?status=${model.status}` : ''}"
        >تصدير ${CSV}</a
      >
    </form>
    ${
      model.rows.length
        ? subscriberTable(model.rows, csrf, model.timeZone)
        : html`<p class="muted">${filtered ? 'لا أحد يطابق هذا البحث.' : 'لا مشتركين بعد.'}</p>`
    }
    ${
      model.olderQuery
        ? html`<p><a href="/admin/subscribers?${model.olderQuery}">الأقدم ←</a></p>`
        : ''
    }
    ${addForm(model.lists, csrf, model.added)}
    ${importForm(model.lists, model.csrfToken, model.imported)}`;
}

/**
 * Three short columns (the name under the address, the day under the state) so a phone shows
 * the table whole; an address may wrap at its dots, and what is still too wide scrolls inside
 * its box, never the page.
 */
function subscriberTable(rows: Subscriber[], csrf: SafeHtml, timeZone: string): SafeHtml {
  return html`<div class="table-scroll">
    <table class="subscribers">
      <thead>
        <tr>
          <th>المشترك</th>
          <th>الحالة</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <td>
              ${wrappingAddress(row.email)}
              ${row.name ? html`<br /><span class="muted">${typedText(row.name)}</span>` : ''}
            </td>
            <td>
              ${statusBadge(row.status)}<br /><span class="muted"
                >منذ ${arabicDate(row.createdAt, timeZone)}</span
              >
            </td>
            <td>
              <form
                method="post"
                action="/admin/subscribers/${row.id}/erase"
                data-confirm="محو ${row.email} وكل سجلاته نهائياً؟"
              >
                ${csrf}<button class="link" type="submit">محو</button>
              </form>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** An address that may break before its dots and after its @ on a phone; copied, it is whole. */
function wrappingAddress(email: string): SafeHtml {
  const pieces = email.split(/(?=\.)|(?<=@)/);
  return ltr(html`${pieces.map((piece, index) => (index ? html`<wbr />${piece}` : piece))}`);
}

function addForm(lists: MailingList[], csrf: SafeHtml, typed?: AddFormValues): SafeHtml {
  return html`<section class="card">
    <h2>إضافة مشترك</h2>
    <form method="post" action="/admin/subscribers">
      ${csrf}
      <label for="add-email">البريد الإلكتروني</label>
      <input id="add-email" name="email" type="email" dir="ltr" value="${typed?.email ?? ''}" required />
      <label for="add-name">الاسم</label>
      <input id="add-name" name="name" type="text" maxlength="200" value="${typed?.name ?? ''}" />
      <label for="add-list">القائمة</label>
      <select id="add-list" name="list">
        ${lists.map((item) => selectOption(item.slug, item.name, typed?.list))}
      </select>
      <p>
        <label class="inline"
          ><input type="checkbox" name="confirmed" ${typed?.confirmed ? html`checked` : ''} /> وافق
          على الاشتراك خارج الموقع (بلا رسالة تأكيد)</label
        >
      </p>
      <p class="muted">بلا هذا الخيار تصله رسالة تأكيد، ولا تصله النشرة إلا بعد أن يؤكّد.</p>
      <p><button type="submit">إضافة</button></p>
    </form>
  </section>`;
}

/**
 * One form for every list. The body is read as a stream after the guard has run, so the CSRF
 * token travels in the action's query string; the list and the consent box come before the file
 * in the form, so they reach the server before the first row does.
 */
function importForm(lists: MailingList[], csrfToken: string, typed?: ImportFormValues): SafeHtml {
  return html`<section class="card">
    <h2>استيراد من ملف ${CSV}</h2>
    <p class="muted">
      عمودان: ${ltr('email,name')}، في السطر الأول أسماء الأعمدة. تُتخطّى العناوين الموجودة من قبل
      والمحظورة والمكررة.
    </p>
    <form
      method="post"
      enctype="multipart/form-data"
      action="/admin/subscribers/import?_csrf=${encodeURIComponent(csrfToken)}"
    >
      <label for="import-list">إلى القائمة</label>
      <select id="import-list" name="list">
        ${lists.map((item) => selectOption(item.slug, item.name, typed?.list))}
      </select>
      <p>
        <label class="inline"
          ><input id="import-confirmed" type="checkbox" name="confirmed" ${typed?.confirmed ? html`checked` : ''} />
          المشتركون في الملف أكّدوا اشتراكهم من قبل (لا تُرسل إليهم رسالة تأكيد)</label
        >
      </p>
      <p class="muted">
        اختره فقط إن وافق كل من في الملف على تلقّي هذه النشرة: يصيرون مشتركين مؤكَّدين تصلهم النشرة
        التالية. وبلا هذا الخيار يُحفظون «بانتظار التأكيد» ولا تُرسل إليهم رسالة تأكيد ولا أي نشرة،
        إلى أن يشتركوا بأنفسهم من الموقع.
      </p>
      <label for="import-file">الملف</label>
      <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
      <p><button type="submit">استيراد</button></p>
    </form>
  </section>`;
}

function importReport({ list, confirmed, summary }: ImportOutcome): SafeHtml {
  const parts = [
    summary.imported
      ? `استُورد ${arabicCount(summary.imported, NOUNS.subscriber)}`
      : 'لم يُستورد أي مشترك',
    ...(summary.skipped
      ? [`تُخطّي ${arabicCount(summary.skipped, NOUNS.row)} (موجود من قبل أو مكرر أو محظور)`]
      : []),
    ...(summary.errors.length ? [`رُفض ${arabicCount(summary.errors.length, NOUNS.row)}`] : []),
  ];
  const shown = summary.errors.slice(0, 500);
  return html`<section class="card" id="import-report">
    <h2>نتيجة الاستيراد إلى «${list.name}»</h2>
    <p>${parts.join(' · ')}</p>
    ${
      summary.imported
        ? html`<p class="muted">
            ${
              confirmed
                ? 'صاروا مشتركين مؤكَّدين في القائمة، ولم تُرسل إليهم رسالة تأكيد.'
                : 'حُفظوا «بانتظار التأكيد»، ولم تُرسل إليهم رسالة تأكيد؛ لن تصلهم النشرة حتى يشتركوا بأنفسهم.'
            }
          </p>`
        : ''
    }
    ${
      shown.length
        ? html`<div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>السطر</th>
                  <th>البريد</th>
                  <th>السبب</th>
                </tr>
              </thead>
              <tbody>
                ${shown.map(
                  (error) => html`<tr>
                    <td>${arabicNumber(error.row)}</td>
                    <td>${error.email ? ltr(error.email) : '—'}</td>
                    <td>${addressProblem(error.reason)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>
          ${
            summary.errors.length > shown.length
              ? html`<p class="muted">
                  تُعرض الأسطر المرفوضة الأولى وحدها (${arabicNumber(shown.length)} من
                  ${arabicNumber(summary.errors.length)}).
                </p>`
              : ''
          }`
        : ''
    }
  </section>`;
}

/**
 * Text someone typed (a person's name, a token's name): Arabic as it is; with Latin letters it
 * reads left to right, isolated, so «Ahmed» does not turn the sentence around it.
 */
export function typedText(text: string): SafeHtml {
  return /[A-Za-z]/.test(text) ? ltr(text) : html`${text}`;
}

/** The day only, in the site's zone: the hour would widen a column nobody sorts by. */
function arabicDate(value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeZone }).format(new Date(value));
}
