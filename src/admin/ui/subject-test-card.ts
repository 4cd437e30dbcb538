import type { CampaignStatus } from '../../campaigns/entities/campaign.entity.js';
import type { SubjectChooser } from '../../campaigns/subject-test.js';
import type { SubjectGroupView, SubjectTestView } from '../../campaigns/subject-test-view.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import { html, type SafeHtml } from '../../common/html.js';
import { csrfField } from './form-fields.js';

export interface SubjectTestCardModel {
  campaignId: number;
  status: CampaignStatus;
  test: SubjectTestView;
  csrfToken: string;
  timeZone: string;
}

const percent = (value: number) => `${arabicNumber(value)}٪`;

/** A share of readers (0 to 1) to one decimal: «١٢٫٥٪». */
const rate = (value: number | null) =>
  value === null ? '—' : percent(Math.round(value * 1000) / 10);

const WON_BY: Record<SubjectChooser, string> = {
  editor: 'باختيار المحرّر',
  clicks: 'بأعلى نسبة من القرّاء الذين نقروا',
};

/**
 * The campaign page's «اختبار العنوان»: where the test stands, each subject's group and its
 * figures, the rest of the list, and while a choice is open a button per subject to choose it.
 * Subjects are the editors' text and go through the escaping `html` tag like everything else.
 */
export function subjectTestCard(model: SubjectTestCardModel): SafeHtml {
  const { test } = model;
  const started = test.phase !== 'draft';
  const clicks = started && test.clicksTracked;
  return html`<section class="card" data-section="subject-test" data-phase="${test.phase}">
    <h2>اختبار العنوان</h2>
    ${phaseInWords(model)}
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th>العنوان</th>
            <th>النصيب</th>
            ${started ? html`<th>المستلمون</th><th>أُرسل</th>` : ''}
            ${clicks ? html`<th>القرّاء الذين نقروا</th><th>نسبتهم</th>` : ''}
            ${test.choosable ? html`<th>الاختيار</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${test.subjects.map((group) => groupRow(model, group, started, clicks))}
        </tbody>
      </table>
    </div>
    ${started ? restOfList(test) : ''}
    ${
      clicks
        ? html`<p class="muted">
            نسبة القرّاء: من نقر مقالاً من قرّاء المجموعة، مقسوماً على ما أُرسل إليها من رسائل.
            المجموعات عشوائية فتختلف أحجامها قليلاً، ولذلك تُقارن النسب لا الأعداد.
          </p>`
        : ''
    }
  </section>`;
}

function phaseInWords({ test, status, timeZone }: SubjectTestCardModel): SafeHtml {
  const at = (value: string | null) => arabicTime(value, timeZone);
  const share = percent(test.sharePercent);
  const wait = waitInWords(test.waitMinutes);
  switch (test.phase) {
    case 'draft':
      return html`<p data-field="phase">
        لم يبدأ الاختبار بعد. حين تُرسل الحملة يذهب كل عنوان إلى ${share} من القائمة، وبعد ${wait}
        من إرسال رسائل الاختبار
        ${
          test.choose === 'clicks'
            ? 'يفوز العنوان الذي نقر قرّاؤه أكثر من غيرهم'
            : 'يختار المحرّر العنوان الفائز'
        }،
        فيصل إلى سائر القائمة.
      </p>`;
    case 'decided': {
      const winner = test.subjects.find((group) => group.index === test.winner);
      return html`<p data-field="phase">
        فاز العنوان <b data-field="winner">«${winner?.subject ?? '—'}»</b>
        ${test.chosenBy ? WON_BY[test.chosenBy] : ''}، واختير ${at(test.chosenAt)}.
      </p>`;
    }
    default:
      if (status === 'cancelled' || status === 'failed') {
        return html`<p data-field="phase">توقّفت الحملة قبل أن يُختار عنوان.</p>`;
      }
      if (test.phase === 'testing') {
        return html`<p data-field="phase">
          تُرسل الآن رسائل مجموعات الاختبار، وينتظر سائر القائمة العنوان الفائز.
        </p>`;
      }
      return html`<p data-field="phase">
        أُرسلت رسائل الاختبار ${at(test.testSentAt)}، وينتظر سائر القائمة العنوان الفائز.
        ${
          test.choose === 'clicks'
            ? html`يفوز تلقائياً ${at(test.decideAt)} العنوان الذي نقر قرّاؤه أكثر من غيرهم، ولك
                أن تختار قبل ذلك.`
            : html`تنتهي مدة الانتظار ${at(test.decideAt)}؛ اختر عندها العنوان الفائز.`
        }
      </p>`;
  }
}

/** The wait in the largest whole unit: «يومان», «٤ ساعات», «٩٠ دقيقة». */
function waitInWords(minutes: number): string {
  if (minutes % (24 * 60) === 0) return arabicCount(minutes / (24 * 60), NOUNS.day);
  if (minutes % 60 === 0) return arabicCount(minutes / 60, NOUNS.hour);
  return arabicCount(Math.round(minutes), NOUNS.minute);
}

function groupRow(
  model: SubjectTestCardModel,
  group: SubjectGroupView,
  started: boolean,
  clicks: boolean,
): SafeHtml {
  const won = model.test.winner === group.index;
  return html`<tr data-subject="${group.index}" ${won ? html`data-winner` : ''}>
    <td>${group.subject} ${won ? html`<span class="status sent">الفائز</span>` : ''}</td>
    <td>${percent(group.sharePercent)}</td>
    ${
      started
        ? html`<td data-field="recipients">${arabicNumber(group.recipients)}</td>
            <td data-field="sent">${arabicNumber(group.sent)}</td>`
        : ''
    }
    ${
      clicks
        ? html`<td data-field="readers">${group.readers === null ? '—' : arabicNumber(group.readers)}</td>
            <td data-field="click-rate">${rate(group.clickRate)}</td>`
        : ''
    }
    ${model.test.choosable ? html`<td>${chooseButton(model, group)}</td>` : ''}
  </tr>`;
}

function chooseButton(model: SubjectTestCardModel, group: SubjectGroupView): SafeHtml {
  return html`<form
    method="post"
    action="/admin/campaigns/${model.campaignId}/winner"
    data-confirm="سيصل «${group.subject}» إلى سائر القائمة، ولا رجعة في هذا الاختيار. هل تريد المتابعة؟"
  >
    ${csrfField(model.csrfToken)}
    <input type="hidden" name="subject" value="${group.index}" />
    <button type="submit" class="secondary">اعتمد هذا العنوان</button>
  </form>`;
}

function restOfList(test: SubjectTestView): SafeHtml {
  const { rest } = test;
  return html`<p data-field="rest">
    سائر القائمة: ${arabicCount(rest.recipients, NOUNS.subscriber)} · بانتظار العنوان الفائز
    <b data-field="rest-held">${arabicNumber(rest.held)}</b> · أُرسل إليهم
    <b data-field="rest-sent">${arabicNumber(rest.sent)}</b>
  </p>`;
}
