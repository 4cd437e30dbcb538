import type { Response } from 'express';
import { arabicTime } from '../common/arabic-format.js';
import { arabicCount, NOUNS } from '../common/arabic-count.js';
import { html, ltr, SafeHtml } from '../common/html.js';
import type { InboxMessage, InboxSummary, MailAddress } from './delivered-message.js';

export interface InboxView {
  title: string;
  body: SafeHtml;
}

/** What every view needs to know of the site. */
export interface InboxSite {
  siteName: string;
  /** The site's zone (DIGEST_TIMEZONE), as the dashboard shows times in. */
  timeZone: string;
  /** Where the messages are kept, for the developer looking for the files. */
  folder: string;
  keep: number;
}

const NO_SUBJECT = '(بلا موضوع)';

export function inboxIndex(messages: InboxSummary[], site: InboxSite): InboxView {
  const rows = messages.map(
    (message) =>
      html`<li>
        <a href="/dev/inbox/${message.id}"><strong>${headerText(message.subject || NO_SUBJECT)}</strong></a>
        <p class="meta">
          <span>إلى: ${addressList(recipients(message))}</span>
          <span>من: ${addressList(message.fromHeader)}</span>
          ${receivedTime(message.receivedAt, site.timeZone)}
        </p>
      </li>`,
  );
  return {
    title: `صندوق التطوير — ${site.siteName}`,
    body: html`<h1>صندوق التطوير</h1>
      <p class="muted">
        ما دام ${ltr('SMTP_URL')} غير مضبوط، تصل إلى هنا كل رسالة ترسلها الخدمة بدلاً من أن تخرج إلى
        أصحابها. تُعرض الأحدث أولاً، وتُحفظ في المجلد ${ltr(site.folder)} فتبقى بعد إعادة التشغيل،
        ويُحتفظ بأحدث ${arabicCount(site.keep, NOUNS.message)} منها.
      </p>
      ${
        messages.length
          ? html`<p>في الصندوق ${arabicCount(messages.length, NOUNS.message)}.</p>
              <ol class="messages">
                ${rows}
              </ol>`
          : html`<p>لا رسائل بعد. اشترك من <a href="/subscribe">صفحة الاشتراك</a> لتصل رسالة التأكيد إلى هنا.</p>`
      }`,
  };
}

export function inboxMessage(message: InboxMessage, site: InboxSite): InboxView {
  const recipientsShown = recipients(message);
  const deliveredElsewhere =
    message.to.join() !== recipientsShown.map((recipient) => recipient.address).join();
  const subject = message.subject || NO_SUBJECT;
  return {
    title: `${subject} — صندوق التطوير`,
    body: html`<p><a href="/dev/inbox">→ كل الرسائل</a></p>
      <h1>${headerText(subject)}</h1>
      <dl class="fields">
        <dt>من</dt>
        <dd>${addressList(message.fromHeader)}</dd>
        <dt>إلى</dt>
        <dd>${addressList(recipientsShown)}</dd>
        ${
          deliveredElsewhere
            ? html`<dt>سُلّمت إلى</dt>
                <dd>${addressList(message.to.map((address) => ({ name: '', address })))}</dd>`
            : ''
        }
        <dt>وصلت</dt>
        <dd>${receivedTime(message.receivedAt, site.timeZone)}</dd>
        <dt>المعرّف</dt>
        <dd>${ltr(message.id)}</dd>
      </dl>
      ${
        message.html
          ? html`<p>
                <a href="/dev/inbox/${message.id}/html">افتح الرسالة وحدها في صفحة كاملة</a> ·
                <a href="/dev/inbox/${message.id}/raw" download>نزّل الملف الأصلي</a>
              </p>
              <iframe
                class="mail"
                title="الرسالة كما تظهر في بريد القارئ"
                sandbox
                src="/dev/inbox/${message.id}/html"
              ></iframe>`
          : html`<p>
              ليس في الرسالة جزء بصيغة HTML، فهذا نصها.
              <a href="/dev/inbox/${message.id}/html">افتحه وحده في صفحة كاملة</a> ·
              <a href="/dev/inbox/${message.id}/raw" download>نزّل الملف الأصلي</a>
            </p>`
      }
      <details ${message.html ? '' : html`open`}>
        <summary>النص البديل</summary>
        <pre>${latinIsolated(message.text)}</pre>
      </details>
      <details>
        <summary>الترويسات</summary>
        <pre dir="ltr">${message.headers.map(([, line]) => line).join('\n')}</pre>
      </details>`,
  };
}

/** The email's HTML to open alone; a message with only a text part shows that, as it is. */
export function emailAlone(message: InboxMessage): string {
  if (message.html) return message.html;
  return html`<!doctype html>
    <html lang="ar" dir="rtl">
      <meta charset="utf-8" />
      <title>${message.subject}</title>
      <pre style="white-space: pre-wrap; font: 16px/1.7 Tahoma, Arial, sans-serif">${message.text}</pre>
    </html>`.value;
}

/** A whole page of the dev inbox: its own frame, wider than the public pages' card, no script. */
export function sendInboxPage(response: Response, status: number, view: InboxView): void {
  const page = html`<!doctype html>
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${view.title}</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <main>${view.body}</main>
      </body>
    </html>`;
  response.status(status).type('html').set('Cache-Control', 'no-store').send(page.value);
}

/** The To header's addresses, or the envelope's when the message has no To. */
function recipients(message: InboxSummary): MailAddress[] {
  return message.toHeader.length
    ? message.toHeader
    : message.to.map((address) => ({ name: '', address }));
}

/** «نشرة <newsletter@localhost>», the address isolated left to right. */
function addressList(addresses: MailAddress[]): SafeHtml {
  if (!addresses.length) return html`—`;
  const entries = addresses.map((entry, index) => {
    const address = ltr(entry.name ? `<${entry.address}>` : entry.address);
    const name = entry.name ? html`${headerText(entry.name)} ` : '';
    return html`${index ? '، ' : ''}${name}${address}`;
  });
  return html`${entries}`;
}

function receivedTime(at: Date, timeZone: string): SafeHtml {
  return html`<time datetime="${at.toISOString()}">${arabicTime(at, timeZone)}</time>`;
}

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** A subject or a name: Arabic reads in the page's direction, Latin-only text left to right. */
function headerText(value: string): SafeHtml {
  return ARABIC_LETTER.test(value) ? html`<bdi>${value}</bdi>` : ltr(value);
}

/**
 * The plain-text part of an Arabic email holds links and addresses among the Arabic: each run of
 * Latin-script words is isolated left to right so a link reads as it is.
 */
const LATIN_RUN =
  /[^\s\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]*[A-Za-z][^\s\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]*(?:[ \t]+[^\s\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]*[A-Za-z][^\s\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]*)*/g;

function latinIsolated(text: string): SafeHtml {
  const pieces: SafeHtml[] = [];
  let cursor = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    pieces.push(html`${text.slice(cursor, match.index)}`, ltr(match[0]));
    cursor = match.index + match[0].length;
  }
  pieces.push(html`${text.slice(cursor)}`);
  return html`${pieces}`;
}

const STYLE = new SafeHtml(`
:root { color-scheme: light dark; --accent: #b3261e; --fg: #1d1b20; --bg: #f6f4f1; --card: #fff; --muted: #5f5b66; --line: #d8d3dc; }
@media (prefers-color-scheme: dark) { :root { --fg: #ece6f0; --bg: #141218; --card: #1d1b20; --muted: #b0a9b8; --accent: #f2b8b5; --line: #49454f; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.7 Tahoma, "Segoe UI", "Noto Naskh Arabic", "Noto Sans Arabic", Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 20px 16px 40px; }
h1 { font-size: 1.4em; margin: 0 0 12px; }
a { color: var(--accent); }
p { margin: 0 0 12px; }
.muted, .meta, dt { color: var(--muted); }
h1, bdi, dd, pre, li { overflow-wrap: anywhere; }
.messages { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.messages li { background: var(--card); border-radius: 10px; padding: 12px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
.meta { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 4px 0 0; font-size: .9em; }
.fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px; margin: 0 0 16px; }
.fields dd { margin: 0; }
iframe.mail { display: block; width: 100%; height: 80vh; min-height: 480px; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
details { margin: 16px 0; background: var(--card); border-radius: 8px; padding: 8px 16px; }
summary { cursor: pointer; font-weight: bold; }
pre { white-space: pre-wrap; font: 13px/1.6 ui-monospace, Menlo, Consolas, monospace; margin: 8px 0; }
details pre:not([dir]) { font: inherit; }
`);
