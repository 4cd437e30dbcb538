import { html } from '../common/html.js';
import { renderPage } from '../pages/page.js';

/** What a reader sees for a link that leads nowhere: a mangled copy, or one that was never ours. */
export function unknownLinkPage(siteName: string): string {
  return renderPage({
    title: 'الرابط غير صالح',
    siteName,
    body: html`<h1>الرابط غير صالح</h1>
      <p>
        هذا الرابط لا يقود إلى أيّ مقال من مقالات نشرتنا. ربما نُسخ ناقصاً، فافتحه من الرسالة نفسها.
      </p>`,
  });
}

/** The open pixel: a transparent 1×1 GIF. */
export const PIXEL_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);
