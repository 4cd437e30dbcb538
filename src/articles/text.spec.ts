import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cutAtWord, hashtags, htmlToText, unhashtag } from './text.js';

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
