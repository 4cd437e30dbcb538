import type { Article } from '../../articles/entities/article.entity.js';
import type { Feed } from '../../articles/entities/feed.entity.js';
import { html, safeHttpUrl, type SafeHtml } from '../../common/html.js';
import { arabicTime } from '../../common/arabic-format.js';
import type { FeedFormValues } from './feed-form.js';
import { addFeedForm, feedTable } from './feed-views.js';

export interface ArticlesPageModel {
  feeds: Feed[];
  articles: Article[];
  zone: string;
  csrfToken: string;
  /** The add-feed form as typed, and why it was refused. */
  form: FeedFormValues;
  formError?: SafeHtml;
  offset: number;
  pageSize: number;
}

/** The feeds (add, poll, pause, edit, delete) and the latest articles, newest first. */
export function articlesPageBody(model: ArticlesPageModel): SafeHtml {
  const { zone, articles, offset, pageSize } = model;
  return html`<h2>الخلاصات</h2>
    ${feedTable(model.feeds, zone, model.csrfToken)}
    ${addFeedForm(model.form, model.csrfToken, model.formError)}
    <h2>أحدث المقالات</h2>
    ${
      articles.length
        ? html`<div class="table-scroll">
          <table class="articles">
            <thead>
              <tr>
                <th>العنوان</th>
                <th>نُشرت</th>
              </tr>
            </thead>
            <tbody>
              ${articles.map(
                (article) => html`<tr>
                  <td>
                    <a
                      href="${safeHttpUrl(article.url) ?? '#'}"
                      rel="noopener noreferrer"
                      target="_blank"
                      dir="auto"
                      >${article.title}</a
                    >
                  </td>
                  <td>${arabicTime(article.publishedAt, zone)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`
        : html`<p class="muted">لا مقالات بعد.</p>`
    }
    ${
      articles.length === pageSize
        ? html`<p><a href="/admin/articles?offset=${offset + pageSize}">الأقدم ←</a></p>`
        : ''
    }`;
}
