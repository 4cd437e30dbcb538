import { html, SafeHtml } from '../common/html.js';

export interface PageOptions {
  title: string;
  siteName: string;
  body: SafeHtml;
}

/** The frame of every public page: Arabic, right to left, readable on a phone, no external assets. */
export function renderPage({ title, siteName, body }: PageOptions): string {
  return html`<!doctype html>
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} — ${siteName}</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <main class="card">
          <p class="site">${siteName}</p>
          ${body}
        </main>
      </body>
    </html>`.value;
}

const STYLE = new SafeHtml(`
:root { color-scheme: light dark; --accent: #b3261e; --fg: #1d1b20; --bg: #f6f4f1; --card: #fff; --muted: #5f5b66; }
@media (prefers-color-scheme: dark) { :root { --fg: #ece6f0; --bg: #141218; --card: #1d1b20; --muted: #b0a9b8; --accent: #f2b8b5; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 16px;
  background: var(--bg); color: var(--fg); font: 17px/1.7 Tahoma, "Segoe UI", "Noto Naskh Arabic", "Noto Sans Arabic", Arial, sans-serif; }
.card { width: 100%; max-width: 480px; background: var(--card); border-radius: 12px; padding: 28px 24px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.site { margin: 0 0 8px; color: var(--accent); font-weight: bold; }
h1 { font-size: 1.35em; margin: 0 0 12px; }
p { margin: 0 0 14px; }
.muted { color: var(--muted); font-size: .9em; }
label { display: block; margin: 10px 0 4px; }
input[type=email], input[type=text] { width: 100%; padding: 10px 12px; font: inherit; border: 1px solid #a09aa8; border-radius: 8px; background: transparent; color: inherit; }
input[type=email] { direction: ltr; text-align: right; }
button { margin: 14px 0 12px; width: 100%; padding: 12px; font: inherit; font-weight: bold; border: 0; border-radius: 8px; background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
.lists label { display: flex; gap: 8px; align-items: flex-start; }
.error { padding: 10px 12px; border-radius: 8px; background: #fbe9e7; color: #5c1a14; border: 1px solid #f0b8b0; }
.hp { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
a { color: var(--accent); }
`);
