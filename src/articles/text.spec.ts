import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cutAtWord,
  hashtags,
  htmlToText,
  tagLinksAsHashtags,
  unhashtag,
  withoutFeedTails,
  withoutTrailingHashtags,
} from './text.js';

const article = readFileSync(
  join(import.meta.dirname, '../../test/fixtures/article-ar.txt'),
  'utf8',
);

describe('article text', () => {
  it('finds the hashtags of the fixture article as tags', () => {
    const tags = hashtags(article);
    expect(tags).toEqual(
      expect.arrayContaining([
        'وزارة الداخلية',
        'الإعلام الأمني',
        'التحالف الدولي',
        'نينوى',
        'صلاح الدين',
      ]),
    );
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('shows hashtags as words in running text', () => {
    expect(unhashtag('أعلنت خلية #الإعلام_الأمني، الاثنين')).toBe(
      'أعلنت خلية الإعلام الأمني، الاثنين',
    );
    expect(unhashtag('رابط https://x.example/#anchor')).toBe('رابط https://x.example/#anchor');
  });

  it('turns feed HTML into text', () => {
    expect(
      htmlToText('<p>الأول&nbsp;&amp; <b>الثاني</b></p><script>alert(1)</script><p>ثالث</p>'),
    ).toBe('الأول & الثاني\nثالث');
  });

  it('cuts at a word boundary', () => {
    const text = 'أعلنت خلية الإعلام الأمني عن استلام وزارة الداخلية العراقية ذخيرة وأسلحة';
    const cut = cutAtWord(text, 30);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(text[cut.length - 1]).toBe(' ');
    expect(cutAtWord('قصير', 30)).toBe('قصير');
  });
});

describe('hashtags that end a post', () => {
  const lead =
    'أغلقت بورصة بغداد تعاملاتها اليوم على ارتفاع طفيف، وسط توقعات بأن تواصل أسهم المصارف مسارها نحو الصعود.';

  it('leave the text when they follow its last sentence, on their own line or on the same one', () => {
    expect(withoutTrailingHashtags(`${lead}\n#اقتصاد #أسواق_المال`)).toBe(lead);
    expect(withoutTrailingHashtags(`${lead} #اقتصاد`)).toBe(lead);
    expect(withoutTrailingHashtags(`${lead}\nالوسوم: #اقتصاد، #بورصة_بغداد`)).toBe(lead);
    expect(withoutTrailingHashtags('#اقتصاد #أسواق_المال')).toBe('');
  });

  it('stay when they are words of a sentence', () => {
    for (const text of [
      'أعلنت خلية #الإعلام_الأمني، الاثنين، عن استلام #وزارة_الداخلية العراقية ذخيرة وأسلحة.',
      'ارتفعت أسعار #النفط',
      'ارتفعت أسعار #النفط.',
      article,
    ]) {
      expect(withoutTrailingHashtags(text)).toBe(text);
    }
  });

  it('include tag links, which become hashtags', () => {
    const html = `<p>${lead}</p><p>الوسوم: <a href="https://news.example/tag/%d8%a7/" rel="tag">اقتصاد</a>، <a href="https://news.example/tag/bourse/" rel="tag">بورصة بغداد</a></p>`;
    const text = htmlToText(tagLinksAsHashtags(html));
    expect(hashtags(text)).toEqual(['اقتصاد', 'بورصة بغداد']);
    expect(withoutTrailingHashtags(text)).toBe(lead);
    // An ordinary link keeps its words.
    const linked = '<p>قال <a href="https://news.example/2026/11/bank/">البنك المركزي</a> إن…</p>';
    expect(htmlToText(tagLinksAsHashtags(linked))).toBe('قال البنك المركزي إن…');
  });
});

describe('the tails CMSs add to a post in their feeds', () => {
  const lead = 'عاد سوق الجمعة إلى العمل بعد الترميم.';
  it.each([
    [`${lead}\nThe post سوق الجمعة يعود appeared first on مدونة الحي.`, lead],
    [`${lead} The post Souq is back appeared first on Hay Blog.`, lead],
    [`${lead}\nظهرت المقالة سوق الجمعة يعود أولاً على مدونة الحي.`, lead],
    [`${lead} تابع القراءة سوق الجمعة يعود`, lead],
    [`${lead}\nاقرأ المزيد`, lead],
    [`${lead} Continue reading “Souq is back” →`, lead],
    ['عاد سوق الجمعة إلى العمل بعد […]', 'عاد سوق الجمعة إلى العمل بعد…'],
    ['عاد سوق الجمعة إلى العمل بعد [...] Read more', 'عاد سوق الجمعة إلى العمل بعد…'],
  ])('are removed from «%s»', (text, expected) => {
    expect(withoutFeedTails(text)).toBe(expected);
  });

  it('leave the words of a sentence alone', () => {
    for (const text of [
      'Officials urged citizens to read more about the plan.',
      'The post office reopened on Monday.',
      lead,
    ]) {
      expect(withoutFeedTails(text)).toBe(text);
    }
  });
});
