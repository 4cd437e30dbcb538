import type { Response } from 'express';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import type { ActiveSession } from '../accounts/editor-sessions.service.js';

export type Section =
  | 'overview'
  | 'subscribers'
  | 'articles'
  | 'schedules'
  | 'campaigns'
  | 'account'
  | 'editors'
  | 'queues';

const NAV: { section: Section; href: string; label: string; adminOnly?: boolean }[] = [
  { section: 'overview', href: '/admin', label: 'نظرة عامة' },
  { section: 'campaigns', href: '/admin/campaigns', label: 'الحملات' },
  { section: 'schedules', href: '/admin/schedules', label: 'الجداول' },
  { section: 'articles', href: '/admin/articles', label: 'المقالات والخلاصات' },
  { section: 'subscribers', href: '/admin/subscribers', label: 'المشتركون' },
  { section: 'queues', href: '/admin/queues', label: 'الطوابير' },
  { section: 'editors', href: '/admin/editors', label: 'المحررون', adminOnly: true },
  { section: 'account', href: '/admin/account', label: 'حسابي' },
];

export interface AdminPage {
  title: string;
  section: Section;
  body: SafeHtml;
  notice?: string;
  /** Arabic; SafeHtml when it quotes a value inside ltr(). */
  error?: string | SafeHtml;
}

/** Sends one of the editors' pages: Arabic, right to left, no inline script, nothing from a CDN. */
export function sendAdminPage(
  response: Response,
  active: ActiveSession,
  page: AdminPage,
  status = 200,
): void {
  const { editor, session } = active;
  const links = NAV.filter((item) => !item.adminOnly || editor.role === 'admin').map(
    (item) =>
      html`<a href="${item.href}" ${item.section === page.section ? html`aria-current="page"` : ''}
        >${item.label}</a
      >`,
  );
  sendAdminDocument(
    response,
    status,
    page.title,
    html`<header class="bar">
            <span class="brand">نشرة</span>
            <nav aria-label="الأقسام">${links}</nav>
            <span class="muted editor-email">${ltr(editor.email)}</span>
            <form method="post" action="/admin/logout">
              ${csrfField(session.csrfToken)}
              <button class="link" type="submit">خروج</button>
            </form>
          </header>
          <main>
            ${page.notice ? html`<p class="notice" role="status">${page.notice}</p>` : ''}
            ${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ''}
            <h1>${page.title}</h1>
            ${page.body}
          </main>`,
  );
}

/** Sends a whole document, never cached; the login page uses it without the navigation. */
export function sendAdminDocument(
  response: Response,
  status: number,
  title: string,
  body: SafeHtml,
): void {
  const page = html`<!doctype html>
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} — نشرة</title>
        <link rel="stylesheet" href="/admin/assets/admin.css" />
        <script src="/admin/assets/admin.js" defer></script>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
  response.status(status).type('html').set('Cache-Control', 'no-store').send(page.value);
}

/** An <option>, selected when it is the chosen value. */
export function selectOption(value: string, label: string, chosen: string | undefined): SafeHtml {
  return html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${label}</option>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

const NUMBER = new Intl.NumberFormat('ar');

/** Numbers as Arabic readers of the site's locale write them. */
export function arabicNumber(value: number): string {
  return NUMBER.format(value);
}

/** A time as an Arabic reader reads it, in the given zone (the site's: DIGEST_TIMEZONE). */
export function arabicTime(value: Date | string | null, timeZone: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('ar', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(value));
}

export const STATUS_LABELS: Record<string, string> = {
  draft: 'مسودة',
  scheduled: 'مجدولة',
  sending: 'قيد الإرسال',
  paused: 'متوقفة مؤقتاً',
  sent: 'أُرسلت',
  cancelled: 'أُلغيت',
  pending: 'بانتظار التأكيد',
  confirmed: 'مؤكَّد',
  unsubscribed: 'ألغى اشتراكه',
};

export function statusBadge(status: string): SafeHtml {
  return html`<span class="status ${status}">${STATUS_LABELS[status] ?? status}</span>`;
}

/** What the page after a form says happened; only these texts, so a link cannot put words in our mouth. */
const NOTICES = {
  'campaign-created': 'أُنشئت المسودة. راجع المعاينة ثم أرسلها.',
  'test-sent': 'أُرسلت نسخة تجريبية.',
  'campaign-sending': 'بدأ الإرسال.',
  'campaign-scheduled': 'جُدول الإرسال.',
  'campaign-paused': 'أُوقف الإرسال مؤقتاً.',
  'campaign-resumed': 'استُؤنف الإرسال.',
  'campaign-cancelled': 'أُلغيت الحملة.',
  'schedule-saved': 'حُفظ الجدول.',
  'schedule-deleted': 'حُذف الجدول.',
  'subscriber-added': 'أُضيف المشترك.',
  'subscriber-erased': 'مُحيت بيانات المشترك.',
  'feed-added': 'أُضيفت الخلاصة، وستُقرأ خلال لحظات.',
  'feed-polled': 'طُلبت قراءة الخلاصة الآن.',
  'feed-saved': 'حُفظت الخلاصة.',
  'feed-paused': 'أُوقفت قراءة الخلاصة مؤقتاً.',
  'feed-resumed': 'استُؤنفت قراءة الخلاصة.',
  'feed-deleted': 'حُذفت الخلاصة، وبقيت مقالاتها.',
  'password-changed': 'تغيّرت كلمة المرور، وخرجت جلساتك الأخرى.',
  'token-revoked': 'أُبطل الرمز.',
  'editor-saved': 'حُفظ الحساب.',
} as const;
export type NoticeCode = keyof typeof NOTICES;

/** Post/redirect/get: the next page shows the notice once. */
export function redirectWithNotice(response: Response, path: string, code: NoticeCode): void {
  const separator = path.includes('?') ? '&' : '?';
  response.redirect(303, `${path}${separator}done=${code}`);
}

export function noticeFrom(query: unknown): string | undefined {
  const code = (query as { done?: unknown } | undefined)?.done;
  return typeof code === 'string' && Object.hasOwn(NOTICES, code)
    ? NOTICES[code as NoticeCode]
    : undefined;
}
