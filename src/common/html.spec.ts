import { escapeHtml, html, safeHttpUrl, SafeHtml } from './html.js';

describe('html', () => {
  it('escapes interpolated text and attributes', () => {
    const title = '<script>alert(1)</script>';
    const href = '" onmouseover="x';
    expect(html`<a href="${href}">${title}</a>`.value).toBe(
      '<a href="&quot; onmouseover=&quot;x">&lt;script&gt;alert(1)&lt;/script&gt;</a>',
    );
  });

  it('keeps SafeHtml and joins arrays', () => {
    const items = ['<b>', 'ب'].map((item) => html`<li>${item}</li>`);
    const page = html`<ul>${items}</ul>${new SafeHtml('<hr>')}`;
    expect(page.value).toBe('<ul><li>&lt;b&gt;</li><li>ب</li></ul><hr>');
  });

  it('escapes quotes used in attributes', () => {
    expect(escapeHtml(`'"&`)).toBe('&#39;&quot;&amp;');
  });
});

describe('safeHttpUrl', () => {
  it.each([['javascript:alert(1)'], ['data:text/html,x'], ['/relative'], ['vbscript:x'], [42]])(
    'drops %j',
    (value) => {
      expect(safeHttpUrl(value)).toBeNull();
    },
  );

  it('keeps http and https links', () => {
    expect(safeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHttpUrl('http://example.com')).toBe('http://example.com/');
  });
});
