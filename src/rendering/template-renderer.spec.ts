import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arabicDuration, greeting, TEMPLATES_DIR } from './email-templates.service.js';
import { TemplateRenderer } from './template-renderer.js';

describe('TemplateRenderer', () => {
  it('compiles the confirmation once and escapes each per-message value', async () => {
    const renderer = new TemplateRenderer(TEMPLATES_DIR);
    const template = await renderer.compile(
      'confirm',
      { site_name: 'الحل <نت>', site_address: 'بغداد', site_url: 'https://news.example' },
      ['confirm_url', 'lists', 'expiry'],
    );
    const { html, text } = template.render({
      confirm_url: 'https://news.example/confirm/a?b=1&c="2"',
      lists: 'النشرة <script>alert(1)</script>',
      expiry: arabicDuration(168),
    });
    expect(html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('href="https://news.example/confirm/a?b=1&amp;c=&quot;2&quot;"');
    expect(html).toContain('الحل &lt;نت&gt;');
    expect(text).toContain('«النشرة <script>alert(1)</script>»'); // text is not HTML
    expect(text.startsWith('مرحباً،\n')).toBe(true); // no name: issue 16
    expect(text).toContain('تنتهي صلاحية الرابط بعد 7 أيام');
  });

  it('never follows mj-include, and refuses unknown values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-templates-'));
    mkdirSync(join(dir, 'partials'));
    writeFileSync(
      join(dir, 'x.mjml'),
      '<mjml><mj-body><mj-include path="/etc/passwd" /><mj-section><mj-column><mj-text>{{title}}</mj-text></mj-column></mj-section></mj-body></mjml>',
    );
    writeFileSync(join(dir, 'x.txt'), '{{title}}');
    const renderer = new TemplateRenderer(dir);
    const included = (await renderer.compile('x', {}, ['title'])).render({ title: 'ok' });
    expect(included.html).not.toMatch(/root:/);
    expect(included.html).toContain('ok');
    writeFileSync(
      join(dir, 'y.mjml'),
      '<mjml><mj-body><mj-section><mj-column><mj-text>{{nope}}</mj-text></mj-column></mj-section></mj-body></mjml>',
    );
    writeFileSync(join(dir, 'y.txt'), '');
    await expect(renderer.compile('y', {}, [])).rejects.toThrow('unknown value {{nope}}');
  });
});

describe('Arabic wording', () => {
  it.each([
    [1, 'ساعة واحدة'],
    [5, '5 ساعة'],
    [24, 'يوم واحد'],
    [48, 'يومين'],
    [168, '7 أيام'],
    [720, '30 يوماً'],
  ])('%i hours is «%s»', (hours, words) => {
    expect(arabicDuration(hours)).toBe(words);
  });

  it('greets by name, or without one', () => {
    expect(greeting('سارة')).toBe('مرحباً سارة،');
    expect(greeting('')).toBe('مرحباً،');
  });
});
