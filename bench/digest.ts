import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArticleInput, normalizeArticle } from '../src/articles/article-input.js';
import { Article } from '../src/articles/entities/article.entity.js';
import { ROOT } from './stack.js';

const paragraphs = readFileSync(join(ROOT, 'test', 'fixtures', 'article-ar.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim());

const TITLES = [
  'تسليم أسلحة وذخيرة إلى #وزارة_الداخلية بقيمة 3 ملايين دولار',
  'التحالف الدولي: مهمتنا في #العراق لم تتغير',
  'هجمات متفرقة لبقايا “داعش” في #نينوى و #كركوك',
  'برنامج تمويل التدريب والتجهيز يواصل دعمه للقوات الأمنية',
  'الحكومة العراقية تبحث مع التحالف جدول الانسحاب',
  'خلية الإعلام الأمني: ضبط أوكار في صحراء الأنبار',
  'البرلمان يناقش موازنة وزارة الداخلية للعام المقبل',
  'أهالي الموصل يطالبون بإعادة إعمار المدينة القديمة',
  'قراءة في خطاب المتحدث باسم التحالف الدولي',
  'ما الذي تغيّر منذ إعلان النصر على التنظيم في 2017؟',
];

/** The benchmark's digest: ten articles written from the fixture, as a news site's CMS pushes them. */
export function benchArticles(now = new Date()): ArticleInput[] {
  return TITLES.map((title, index) => ({
    url: `https://news.example/2026/11/25/${index + 1}`,
    guid: `bench-${index + 1}`,
    title,
    summary: paragraphs
      .slice(index % paragraphs.length, (index % paragraphs.length) + 2)
      .join('\n'),
    imageUrl: `https://news.example/wp-content/uploads/2026/11/${index + 1}.jpg`,
    tags: ['العراق', 'أمن'],
    publishedAt: new Date(now.getTime() - (index + 1) * 3600_000).toISOString(),
  }));
}

/** The same articles as stored rows, for the naive sender that renders without the service. */
export function benchArticleRows(inputs: ArticleInput[]): Article[] {
  return inputs.map((input, index) => {
    const normalized = normalizeArticle(input);
    return Object.assign(new Article(), {
      id: index + 1,
      guid: normalized.guid,
      url: normalized.url,
      title: normalized.title,
      summary: normalized.summary,
      imageUrl: normalized.imageUrl,
      author: normalized.author,
      categories: JSON.stringify(normalized.categories),
      tags: JSON.stringify(normalized.tags),
      publishedAt: normalized.publishedAt ?? new Date(),
      feedId: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  });
}
