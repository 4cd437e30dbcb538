import { articleInputSchema, normalizeArticle } from './article-input.js';
import { unhashtag } from './text.js';

const base = {
  url: 'https://news.example/a',
  title: 'خبر',
  imageUrl: 'https://news.example/a.jpg',
};

/** Each refused field with its reason, as the push API reports them. */
function refusals(input: object): Record<string, string> {
  const result = articleInputSchema.safeParse(input);
  return Object.fromEntries(
    (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
  );
}

describe('an article image size', () => {
  it('is accepted in whole pixels, both sides given or neither', () => {
    expect(refusals({ ...base, imageWidth: 1200, imageHeight: 675 })).toEqual({});
    expect(refusals({ ...base, imageWidth: 20_000, imageHeight: 1 })).toEqual({});
    expect(refusals(base)).toEqual({});
    expect(refusals({ ...base, imageWidth: null, imageHeight: null })).toEqual({});
  });

  it('refuses one side without the other, naming the missing one', () => {
    expect(refusals({ ...base, imageWidth: 1200 })).toEqual({
      imageHeight: 'is required with imageWidth',
    });
    expect(refusals({ ...base, imageWidth: null, imageHeight: 675 })).toEqual({
      imageWidth: 'is required with imageHeight',
    });
  });

  it.each([
    [0, 'must be at least 1'],
    [-4, 'must be at least 1'],
    [20_001, 'must be at most 20000'],
    [12.5, 'must be a whole number of pixels'],
    ['600', 'must be a whole number of pixels'],
    ['600px', 'must be a whole number of pixels'],
  ])('refuses a width of %j: %s', (width, reason) => {
    expect(refusals({ ...base, imageWidth: width, imageHeight: 400 })).toEqual({
      imageWidth: reason,
    });
  });

  it('is kept with the image and dropped without one', () => {
    const sized = { ...base, imageWidth: 1200, imageHeight: 675 };
    expect(normalizeArticle(sized)).toMatchObject({
      imageUrl: 'https://news.example/a.jpg',
      imageWidth: 1200,
      imageHeight: 675,
    });
    expect(normalizeArticle({ ...sized, imageUrl: null })).toMatchObject({
      imageUrl: null,
      imageWidth: null,
      imageHeight: null,
    });
    expect(normalizeArticle({ ...sized, imageUrl: undefined })).toMatchObject({
      imageWidth: null,
      imageHeight: null,
    });
    expect(normalizeArticle(base)).toMatchObject({ imageWidth: null, imageHeight: null });
  });
});

describe('an article summary', () => {
  // A WordPress post as an Arabic economy desk publishes it: the text, then its hashtags.
  const post = {
    url: 'https://news.example/2026/11/baghdad-bourse/',
    title: 'بورصة بغداد تغلق على ارتفاع',
    summary:
      '<p>أغلقت بورصة بغداد تعاملاتها اليوم على ارتفاع طفيف، وسط توقعات بأن تواصل أسهم المصارف مسارها نحو الصعود.</p>\n<p>#اقتصاد #أسواق_المال</p>',
    tags: ['بورصة'],
  };

  it('leaves out the hashtags that end the post, and keeps them as tags', () => {
    const article = normalizeArticle(post);
    expect(article.summary).toBe(
      'أغلقت بورصة بغداد تعاملاتها اليوم على ارتفاع طفيف، وسط توقعات بأن تواصل أسهم المصارف مسارها نحو الصعود.',
    );
    expect(article.tags).toEqual(['بورصة', 'اقتصاد', 'أسواق المال']);
    // What the digest shows of it ends on the sentence, not on a stray «اقتصاد».
    expect(unhashtag(article.summary)).toMatch(/الصعود\.$/);
  });

  it('leaves out the tag links that end the post, and keeps them as tags', () => {
    const article = normalizeArticle({
      ...post,
      summary:
        '<p>أغلقت بورصة بغداد تعاملاتها على ارتفاع طفيف.</p><p>الوسوم: <a href="https://news.example/tag/economy/" rel="tag">اقتصاد</a> <a href="https://news.example/tag/banks/" rel="tag">المصارف</a></p>',
      tags: undefined,
    });
    expect(article.summary).toBe('أغلقت بورصة بغداد تعاملاتها على ارتفاع طفيف.');
    expect(article.tags).toEqual(['اقتصاد', 'المصارف']);
  });

  it('keeps the hashtags inside its sentences', () => {
    const article = normalizeArticle({
      ...post,
      summary:
        '<p>أعلنت خلية #الإعلام_الأمني، الاثنين، عن استلام #وزارة_الداخلية العراقية ذخيرة.</p>',
    });
    expect(article.summary).toBe(
      'أعلنت خلية #الإعلام_الأمني، الاثنين، عن استلام #وزارة_الداخلية العراقية ذخيرة.',
    );
    expect(article.tags).toEqual(['بورصة', 'الإعلام الأمني', 'وزارة الداخلية']);
  });
});
