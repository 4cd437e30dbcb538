import type { Article } from '../../articles/entities/article.entity.js';
import { CAMPAIGN_LIMITS } from '../../campaigns/campaign-input.js';
import { SUBJECT_TEST_LIMITS } from '../../campaigns/subject-test.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import type { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import { SUBJECT_FIELDS } from './campaign-form.js';
import { csrfField, selectOption } from './form-fields.js';
import { field, fields } from './form-failure.js';

export interface ComposeModel {
  csrfToken: string;
  timeZone: string;
  lists: MailingList[];
  recent: Article[];
  /** What the editor sent, shown again after a refusal; empty on a fresh form. */
  typed: unknown;
  /** Unique readers are counted (TRACK_CLICKS=per-subscriber), so a test may be won by clicks. */
  clicksTracked: boolean;
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
    ${subjectTestFields(model)}
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

const { sharePercent, waitMinutes } = SUBJECT_TEST_LIMITS;

/**
 * «اختبار العنوان», folded away until used (or until a refused test comes back): up to three more
 * subjects, each group's share, the wait in hours and who chooses. Clicks can choose only where
 * each reader's clicks are counted; elsewhere that choice is shown, disabled, with the reason.
 */
function subjectTestFields(model: ComposeModel): SafeHtml {
  const { typed } = model;
  const extra = SUBJECT_FIELDS.slice(1);
  const open = extra.some((name) => field(typed, name));
  const chosen = field(typed, 'choose') === 'clicks' && model.clicksTracked ? 'clicks' : 'editor';
  return html`<details data-section="subject-test" ${open ? html`open` : ''}>
    <summary>اختبار العنوان</summary>
    <p class="muted">
      اكتب عنواناً آخر أو أكثر. يذهب كل عنوان أولاً إلى مجموعة عشوائية من القائمة، ثم يصل العنوان
      الفائز إلى سائر القائمة. ولا يتلقى أحد أكثر من رسالة واحدة.
    </p>
    ${extra.map(
      (name, index) => html`<label for="${name}">العنوان ${arabicNumber(index + 2)}</label>
        <input id="${name}" name="${name}" type="text" maxlength="${CAMPAIGN_LIMITS.subjectLength}" value="${field(typed, name)}" />`,
    )}
    <div class="row">
      <div>
        <label for="share">نصيب كل عنوان من القائمة (٪)</label>
        <input id="share" name="share" type="number" min="${sharePercent.min}" max="${sharePercent.max}" step="1" value="${field(typed, 'share') || String(sharePercent.default)}" />
      </div>
      <div>
        <label for="wait">مدة الانتظار قبل الاختيار (بالساعات)</label>
        <input id="wait" name="wait" type="number" max="${waitMinutes.max / 60}" step="any" value="${field(typed, 'wait') || String(waitMinutes.default / 60)}" />
      </div>
    </div>
    <fieldset>
      <legend>من يختار الفائز</legend>
      <div>
        <label class="inline">
          <input type="radio" name="choose" value="editor" ${chosen === 'editor' ? html`checked` : ''} />
          المحرّر، بعد أن يرى الأرقام
        </label>
      </div>
      <div>
        <label class="inline">
          <input type="radio" name="choose" value="clicks" ${chosen === 'clicks' ? html`checked` : ''} ${model.clicksTracked ? '' : html`disabled`} />
          نقرات القرّاء: بعد الانتظار يفوز تلقائياً العنوان الذي نقر قرّاؤه أكثر من غيرهم
        </label>
      </div>
      ${
        model.clicksTracked
          ? ''
          : html`<p class="muted" data-note="clicks-not-tracked">
              الاختيار بالنقرات يحتاج إلى عدّ نقرات كل قارئ (${ltr('TRACK_CLICKS=per-subscriber')})،
              وهو غير مفعّل على هذا الخادم.
            </p>`
      }
    </fieldset>
  </details>`;
}
