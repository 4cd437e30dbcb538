import { simpleParser } from 'mailparser';
import { Article } from '../articles/entities/article.entity.js';
import { campaignMessage } from '../delivery/campaign-message.js';
import { MimeTemplate } from '../delivery/mime-template.js';
import { compileDigest } from './digest-renderer.js';
import { greeting, TEMPLATES_DIR } from './email-templates.service.js';
import { TemplateRenderer } from './template-renderer.js';
import { visibleText } from '../../test/helpers/visible-text.js';

function article(id: number, title: string, summary: string, tags: string[] = []): Article {
  return Object.assign(new Article(), {
    id,
    guid: `https://news.example/${id}`,
    url: `https://news.example/${id}`,
    title,
    summary,
    imageUrl: null,
    imageWidth: null,
    imageHeight: null,
    tags: JSON.stringify(tags),
  });
}

const recipient = {
  to: 'reader@readers.example',
  date: 'Tue, 24 Nov 2026 04:00:00 +0000',
  message_id: 'campaign.3.7@news.example',
  ref: 'c3.s7',
  unsubscribe_url: 'https://news.example/unsubscribe/REAL',
  preferences_url: 'https://news.example/preferences/REAL',
};

// Each as a whole value and with Arabic around it: a value that is exactly a slot's name was once
// let through as the slot itself.
const SYNTAX = [
  '{{x}}',
  '{{> head}}',
  '{{{articles}}}',
  '[[unsubscribe_url]]',
  '[[to]]',
  '[[x]]',
  '<mj-section>',
  '</mj-text></mj-column></mj-section>',
  '}}',
  '{{',
  ']]',
];

describe('article text in a digest', () => {
  const renderer = new TemplateRenderer(TEMPLATES_DIR);

  async function send(title: string, summary: string, extras: { list?: string } = {}) {
    const template = await compileDigest(renderer, {
      subject: title,
      listName: extras.list ?? 'النشرة اليومية',
      date: 'الثلاثاء 24 نوفمبر 2026',
      articles: [article(1, title, summary, [title]), article(2, `ثانٍ ${title}`, summary)],
      site: { name: 'الحل نت', url: 'https://news.example', address: 'بغداد' },
    });
    const mime = campaignMessage({
      campaignId: 3,
      from: 'نشرة <newsletter@news.example>',
      subject: title,
      list: { name: 'النشرة اليومية', slug: 'daily' },
      mailDomain: 'news.example',
      template,
    });
    return { template, mail: await simpleParser(mime.render(recipient)) };
  }

  describe.each(SYNTAX.flatMap((syntax) => [syntax, `خبر عاجل ${syntax} من بغداد`]))(
    '%s',
    (value) => {
      it('shows as written in the HTML part, the text part and the subject', async () => {
        const { mail } = await send(value, `ملخص: ${value} — نهاية`);
        const html = visibleText(String(mail.html));
        const text = String(mail.text).replace(/\r\n/g, '\n');
        expect(mail.subject).toBe(value);
        expect(html).toContain(value);
        expect(html).toContain(`ملخص: ${value} — نهاية`);
        expect(text).toContain(`■ ${value}\n`);
        expect(text).toContain(`ملخص: ${value} — نهاية`);
      });

      it('leaves the recipient’s own links and headers where the template put them', async () => {
        const { mail } = await send(value, value);
        const html = String(mail.html);
        const text = String(mail.text);
        // The footer's two links, once each in each part: no value became a slot.
        expect(html.split(recipient.unsubscribe_url)).toHaveLength(2);
        expect(text.split(recipient.unsubscribe_url)).toHaveLength(2);
        expect(html.split(recipient.preferences_url)).toHaveLength(2);
        expect(html).not.toContain(recipient.to);
        expect(text).not.toContain(recipient.to);
        expect(mail.to).toMatchObject({ value: [{ address: recipient.to }] });
      });
    },
  );

  it('keeps markup in a title out of the MJML: no section, column or text is added', async () => {
    const plain = await send('خبر', 'ملخص');
    const hostile = await send(
      '</mj-text></mj-column></mj-section><mj-section><mj-column><mj-text>',
      '<mj-raw><b>x</b></mj-raw>',
    );
    const tables = (html: unknown) => String(html).split('<table').length;
    expect(tables(hostile.mail.html)).toBe(tables(plain.mail.html));
    expect(String(hostile.mail.html)).not.toContain('<b>x</b>');
  });

  it('keeps a list’s name as text in the digest', async () => {
    const { mail } = await send('خبر', 'ملخص', { list: 'قائمة {{site_name}} [[unsubscribe_url]]' });
    expect(visibleText(String(mail.html))).toContain('قائمة {{site_name}} [[unsubscribe_url]]');
    expect(String(mail.text)).toContain('قائمة {{site_name}} [[unsubscribe_url]]');
  });
});

describe('a subscriber’s name in a transactional email', () => {
  it('is filled in as text, never read as a slot or a template value', async () => {
    const renderer = new TemplateRenderer(TEMPLATES_DIR);
    // The welcome: the confirmation prints no name (issue 16).
    const template = await renderer.compile(
      'welcome',
      { site_name: 'الحل نت', site_address: 'بغداد', site_url: 'https://news.example' },
      ['greeting', 'lists', 'unsubscribe_url', 'preferences_url'],
    );
    const name = 'سارة [[unsubscribe_url]] {{site_name}} <mj-section> }}';
    const values = {
      greeting: greeting(name),
      unsubscribe_url: 'https://news.example/unsubscribe/REAL',
      preferences_url: 'https://news.example/preferences/REAL',
      lists: 'النشرة [[preferences_url]]',
    };
    const mime = new MimeTemplate({
      from: 'نشرة <newsletter@news.example>',
      subject: 'أهلاً بك',
      headers: {},
      html: template.htmlParts,
      text: template.textParts,
    });
    const mail = await simpleParser(mime.render({ ...recipient, ...values }));
    expect(visibleText(String(mail.html))).toContain(`مرحباً ${name}،`);
    expect(String(mail.text)).toContain(`مرحباً ${name}،`);
    expect(String(mail.text)).toContain('النشرة [[preferences_url]]');
    expect(String(mail.text).split(values.unsubscribe_url)).toHaveLength(2);
  });
});

describe('TemplateRenderer', () => {
  it('still fails loudly on a template that names a value nobody gives', async () => {
    const renderer = new TemplateRenderer(TEMPLATES_DIR);
    expect(() => renderer.fragment('digest-item', 'txt', { title: 'x' })).toThrow(
      /unknown value \{\{summary\}\}/,
    );
  });
});
