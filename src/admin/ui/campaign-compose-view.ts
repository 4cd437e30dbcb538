import type { Article } from '../../articles/entities/article.entity.js';
import { CAMPAIGN_LIMITS } from '../../campaigns/campaign-input.js';
import { html, type SafeHtml } from '../../common/html.js';
import type { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { arabicTime } from '../../common/arabic-format.js';
import { csrfField, selectOption } from './form-fields.js';
import { field, fields } from './form-failure.js';

export interface ComposeModel {
  csrfToken: string;
  timeZone: string;
  lists: MailingList[];
  recent: Article[];
  /** What the editor sent, shown again after a refusal; empty on a fresh form. */
  typed: unknown;
}

/** /admin/campaigns/new: a draft from recent articles, in the editor's order. */
export function composeView(model: ComposeModel): SafeHtml {
  const { typed } = model;
  const picked = new Set(fields(typed, 'article'));
  const chosenList = field(typed, 'list') || model.lists.find((list) => list.isDefault)?.slug || '';
  return html`<form method="post" action="/admin/campaigns" class="card">
    ${csrfField(model.csrfToken)}
    <label for="list">القائمة</label>
    <select id="list" name="list" required>
      ${model.lists.map((list) => selectOption(list.slug, list.name, chosenList))}
    </select>
    <label for="subject">عنوان الرسالة</label>
    <input id="subject" name="subject" type="text" maxlength="${CAMPAIGN_LIMITS.subjectLength}" required value="${field(typed, 'subject')}" />
    <h2>المقالات</h2>
    <p class="muted">
      اختر المقالات، ورتّبها بالأرقام في خانة «الترتيب» (1 أولاً). بلا أرقام تبقى بترتيبها هنا.
    </p>
    ${
      model.recent.length
        ? html`<div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th>اختيار</th>
                <th>الترتيب</th>
                <th>المقالة</th>
                <th>نُشرت</th>
              </tr>
            </thead>
            <tbody>
              ${model.recent.map(
                (article) => html`<tr>
                  <td>
                    <input
                      type="checkbox"
                      name="article"
                      value="${article.id}"
                      id="article-${article.id}"
                      ${picked.has(String(article.id)) ? html`checked` : ''}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      name="order_${article.id}"
                      min="1"
                      max="${CAMPAIGN_LIMITS.articles.max}"
                      aria-label="ترتيب «${article.title}»"
                      value="${field(typed, `order_${article.id}`)}"
                    />
                  </td>
                  <td><label class="inline" for="article-${article.id}">${article.title}</label></td>
                  <td>${arabicTime(article.publishedAt, model.timeZone)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`
        : html`<p class="muted">لا مقالات بعد: أضف خلاصة الموقع في «المقالات والخلاصات».</p>`
    }
    <p><button type="submit">إنشاء المسودة</button></p>
  </form>`;
}
