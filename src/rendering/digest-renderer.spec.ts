import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mjml2html from 'mjml';
import { normalizeArticle } from '../articles/article-input.js';
import { Article } from '../articles/entities/article.entity.js';
import { compileDigest, DIGEST_RECIPIENT_KEYS } from './digest-renderer.js';
import { TEMPLATES_DIR } from './email-templates.service.js';
import { TemplateRenderer } from './template-renderer.js';

const fixture = readFileSync(
  join(import.meta.dirname, '../../test/fixtures/article-ar.txt'),
  'utf8',
);
const paragraphs = fixture.split('\n').filter((line) => line.trim());

function article(id: number, fields: Partial<Article>): Article {
  const normalized = normalizeArticle({
    url: `https://news.example/${id}`,
    title: `خبر ${id}`,
    summary: paragraphs[id % paragraphs.length],
  });
  return Object.assign(new Article(), {
    id,
    guid: normalized.guid,
    url: normalized.url,
    title: normalized.title,
    summary: normalized.summary,
    imageUrl: `https://news.example/img/${id}.jpg`,
    imageWidth: null,
    imageHeight: null,
    author: '',
    categories: '[]',
    tags: JSON.stringify(normalized.tags),
    publishedAt: new Date('2026-11-24T05:00:00Z'),
    feedId: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...fields,
  });
}

const site = { name: 'الحل نت', url: 'https://news.example', address: 'بغداد، العراق' };

describe('the digest', () => {
  const articles = [
    article(1, {
      title: 'تسليم أسلحة إلى #وزارة_الداخلية العراقية',
      summary: paragraphs.slice(0, 3).join('\n'),
      tags: JSON.stringify(['وزارة الداخلية']),
    }),
    article(2, { title: '<script>alert(1)</script>', imageUrl: 'javascript:alert(1)' }),
    article(3, {
      title: '<mj-include path="/etc/passwd"/>',
      url: 'javascript:alert(document.cookie)',
      imageUrl: null,
    }),
    article(4, {
      title: 'رابط خاص [[unsubscribe_url]] و{{site_name}} و{{{articles}}} و{{nothing}}',
      summary: 'onerror="x" \' " < > &',
      imageWidth: 1200,
      imageHeight: 675,
    }),
  ];
  const recipient = {
    unsubscribe_url: 'https://news.example/unsubscribe/TOKEN',
    preferences_url: 'https://news.example/preferences/TOKEN',
  };

  async function render() {
    const template = await compileDigest(new TemplateRenderer(TEMPLATES_DIR), {
      subject: 'نشرة الحل نت اليومية',
      listName: 'النشرة اليومية',
      date: 'الثلاثاء 24 نوفمبر 2026',
      articles,
      site,
    });
    return template.render(recipient);
  }

  it('is right to left, in Arabic, with every article and its link', async () => {
    const { html } = await render();
    expect(html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(html).toContain('<title>نشرة الحل نت اليومية</title>');
    expect(html).toContain('الثلاثاء 24 نوفمبر 2026');
    expect(html).toContain('تسليم أسلحة إلى وزارة الداخلية العراقية'); // hashtags read as words
    expect(html).toContain('href="https://news.example/1"');
    expect(html).toContain('href="https://news.example/2"');
    expect(html).toContain('href="https://news.example/4"');
    expect(html).toContain('src="https://news.example/img/1.jpg"');
    expect(html).toContain('href="https://news.example/unsubscribe/TOKEN"');
    expect(html).toContain('href="https://news.example/preferences/TOKEN"');
    expect(html).toContain('#وزارة_الداخلية');
    expect(html).toContain('بغداد، العراق');
  });

  it('writes every block right to left, with headlines as linked headings', async () => {
    const { html } = await render();
    expect(html).not.toMatch(/direction:\s*ltr/);
    expect(html).toMatch(/<meta name="color-scheme" content="light dark">/);
    const headings = [...html.matchAll(/<h2[^>]*><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/h2>/g)];
    expect(headings.map(([, href]) => href)).toEqual([
      'https://news.example/1',
      'https://news.example/2',
      'https://news.example',
      'https://news.example/4',
    ]);
    expect(headings[0][2]).toBe('تسليم أسلحة إلى وزارة الداخلية العراقية');
  });

  it('gives images an empty alt (the headline says it) and their real height only when known', async () => {
    const { html } = await render();
    const images = [...html.matchAll(/<img [^>]*>/g)].map(([tag]) => tag);
    expect(images).toHaveLength(2); // article 2's javascript: image and article 3's none are dropped
    for (const image of images) {
      expect(image).toContain('alt=""');
      expect(image).not.toMatch(/height="auto"/);
    }
    expect(images[0]).not.toMatch(/ height=/);
    expect(images[1]).toContain('width="552" height="311"'); // 1200×675 shown 552 wide
  });

  it('shows template syntax in an article as text, never as a template', async () => {
    const { html, text } = await render();
    expect(html).toContain('و{{site_name}} و{{{articles}}} و{{nothing}}');
    expect(text).toContain('و{{site_name}} و{{{articles}}} و{{nothing}}');
  });

  it('keeps hostile articles inert', async () => {
    const { html } = await render();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;mj-include path=&quot;/etc/passwd&quot;/&gt;');
    expect(html).not.toMatch(/root:x:0:0/);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('href="https://news.example"'); // a javascript: link points to the site
    expect(html).toContain('رابط خاص &#91;&#91;unsubscribe_url]]');
    expect(html).not.toContain('onerror="x"');
  });

  it('cuts long summaries at a word and has a readable text part', async () => {
    const { text } = await render();
    expect(text).toContain('الحل نت — النشرة اليومية');
    expect(text).toContain('■ تسليم أسلحة إلى وزارة الداخلية العراقية');
    expect(text).toContain('اقرأ المزيد: https://news.example/1');
    expect(text).toContain('إلغاء الاشتراك: https://news.example/unsubscribe/TOKEN');
    expect(text).toContain('■ <script>alert(1)</script>'); // text is not HTML
    expect(text).toContain('رابط خاص [[unsubscribe_url]]'); // as written: a value is never a slot
    const lead = text.split('■ ')[1];
    expect(lead).toMatch(/…/);
  });

  it('is valid MJML under strict validation', async () => {
    const renderer = new TemplateRenderer(TEMPLATES_DIR);
    const compiled = await compileDigest(renderer, {
      subject: 's',
      listName: 'l',
      date: 'd',
      articles,
      site,
    });
    expect(compiled.render(recipient).html.length).toBeGreaterThan(5000);
    // And strict validation is on: an invalid document is refused rather than sent.
    await expect(
      mjml2html('<mjml><mj-body><mj-text>x</mj-text></mj-body></mjml>', {
        validationLevel: 'strict',
      }),
    ).rejects.toThrow();
    expect(DIGEST_RECIPIENT_KEYS).toEqual(['unsubscribe_url', 'preferences_url']);
  });
});
