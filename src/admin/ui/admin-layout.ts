import type { Response } from 'express';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import type { ActiveSession } from '../../auth/editor-sessions.service.js';
import { csrfField } from './form-fields.js';

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
