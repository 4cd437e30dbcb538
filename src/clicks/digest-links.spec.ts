import { Article } from '../articles/entities/article.entity.js';
import { compileDigest, type DigestTracking } from '../rendering/digest-renderer.js';
import { TEMPLATES_DIR } from '../rendering/email-templates.service.js';
import { TemplateRenderer } from '../rendering/template-renderer.js';

function article(id: number, fields: Partial<Article> = {}): Article {
  return Object.assign(new Article(), {
    id,
    guid: `g${id}`,
    url: `https://news.example/${id}`,
    title: `خبر ${id}`,
    summary: 'ملخص',
    imageUrl: null,
    imageWidth: null,
    imageHeight: null,
    tags: '[]',
    ...fields,
  });
}

const recipient = {
  unsubscribe_url: 'https://news.example/unsubscribe/U',
  preferences_url: 'https://news.example/preferences/P',
  ref: 'c7.s9.0123456789ab',
};

/** The digest of three articles (the third with a link that is not http) under `tracking`. */
async function digest(tracking?: DigestTracking) {
  const template = await compileDigest(new TemplateRenderer(TEMPLATES_DIR), {
    subject: 's',
    listName: 'النشرة',
    date: 'اليوم',
    articles: [
      article(1),
      // An article cannot name the reader's slot, nor the one a tracked link uses.
      article(2, { title: 'خبر [[ref]] و{{ref}} nashrareader' }),
      article(3, { url: 'javascript:alert(1)' }),
    ],
    site: { name: 'الموقع', url: 'https://site.example', address: '' },
    tracking,
  });
  return template.render(recipient);
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
const tracked = (id: number) => `https://nashra.example/r/T${id}`;

describe('tracked article links in the digest', () => {
  it('are plain article links without tracking, and there is no pixel', async () => {
    const { html } = await digest();
    expect(hrefs(html)).toEqual(
      expect.arrayContaining(['https://news.example/1', 'https://news.example/2']),
    );
    expect(html).not.toContain('/r/');
    expect(html).not.toContain('<img');
  });

  it('wrap only http(s) article links; the footer and the site link stay as they are', async () => {
    const { html, text } = await digest({ articleLink: tracked });
    const links = hrefs(html);
    expect(links).toContain(tracked(1));
    expect(links).toContain(tracked(2));
    expect(links).not.toContain(tracked(3));
    expect(links).toContain('https://site.example'); // the article whose link is not http
    expect(links).toContain(recipient.unsubscribe_url);
    expect(links).toContain(recipient.preferences_url);
    expect(links.filter((link) => link.includes('news.example/1'))).toEqual([]);
    expect(text).toContain(`اقرأ المزيد: ${tracked(1)}`);
    expect(html).not.toContain(recipient.ref);
  });

  it("carry the reader's reference per message, in both parts, and nowhere else", async () => {
    const { html, text } = await digest({ articleLink: tracked, perReader: true });
    expect(hrefs(html)).toContain(`${tracked(1)}?r=${recipient.ref}`);
    expect(hrefs(html)).toContain(`${tracked(2)}?r=${recipient.ref}`);
    expect(text).toContain(`${tracked(1)}?r=${recipient.ref}`);
    // Two links in the HTML and two in the text: the title's "[[ref]]" stayed text.
    expect(html.split(recipient.ref)).toHaveLength(3);
    expect(text.split(recipient.ref)).toHaveLength(3);
    expect(html).toContain('خبر &#91;&#91;ref]]');
    expect(html).not.toMatch(/nashrareader[0-9a-f]{24}/);
  });

  it('add the open pixel only when asked', async () => {
    const { html } = await digest({ pixelUrl: 'https://nashra.example/o/T.gif' });
    const pixel = /<img[^>]*\ssrc="https:\/\/nashra\.example\/o\/T\.gif"[^>]*>/.exec(html);
    expect(pixel?.[0]).toContain('width="1"');
  });
});
