import type { Progress, ReportReason } from '../../campaigns/campaign-sending.service.js';
import {
  type CampaignSample,
  GMAIL_CLIP_BYTES,
} from '../../campaigns/campaign-test-sender.service.js';
import type { Campaign } from '../../campaigns/entities/campaign.entity.js';
import type { SubjectTestView } from '../../campaigns/subject-test-view.js';
import type { CampaignClicks } from '../../clicks/click-stats.service.js';
import { html, ltr, safeHttpUrl, type SafeHtml } from '../../common/html.js';
import { type ArabicNoun, arabicCount, NOUNS } from '../../common/arabic-count.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import { bounceReasonsTable } from './bounce-reasons.js';
import { csrfField } from './form-fields.js';
import { statusBadge } from './status-labels.js';
import { subjectTestCard } from './subject-test-card.js';
import { notStarted, willGoTo } from './campaign-audience.js';
import { NO_ARTICLES } from './campaign-refusals.js';
import { zoneLabel } from './time-zone-names.js';

export interface CampaignDetail {
  campaign: Campaign;
  progress: Progress;
  /** Its bounce and complaint reports by reason. */
  reports: ReportReason[];
  /** The list's name, never its slug. */
  listName: string;
  /** Who it would go to now, for a campaign that has not started. */
  recipients: number;
  /** The message as sent, sized; null when its digest cannot be made. */
  sample: CampaignSample | null;
  /** Why there is no sample, in Arabic. */
  unrenderable?: string;
  csrfToken: string;
  timeZone: string;
  /** What the editor typed in the test and schedule forms, shown again after a refusal. */
  typed: { email?: string; at?: string };
  /** What readers clicked; null or absent when clicks are not tracked (TRACK_CLICKS). */
  clicks?: CampaignClicks | null;
  /** Its subject test; null or absent for a campaign with one subject. */
  subjectTest?: SubjectTestView | null;
}

/** /admin/campaigns/:id: its state, its audience or progress, the controls, and the preview. */
export function campaignDetailView(model: CampaignDetail): SafeHtml {
  const { campaign, timeZone } = model;
  const base = `/admin/campaigns/${campaign.id}`;
  return html`<p>
      ${statusBadge(campaign.status)} · القائمة: ${model.listName} · أُنشئت
      ${arabicTime(campaign.createdAt, timeZone)}
      ${campaign.sendAt ? html` · موعد الإرسال ${arabicTime(campaign.sendAt, timeZone)}` : ''}
    </p>
    ${campaign.status === 'failed' ? failureCard(campaign) : ''}
    ${notStarted(campaign, model.progress) ? audienceCard(model, base) : progressCard(model, base)}
    ${
      model.subjectTest
        ? subjectTestCard({
            campaignId: campaign.id,
            status: campaign.status,
            test: model.subjectTest,
            csrfToken: model.csrfToken,
            timeZone,
          })
        : ''
    }
    ${campaign.status === 'draft' ? sendingCard(model, base) : ''}
    ${model.clicks && !notStarted(campaign, model.progress) ? clicksCard(model.clicks) : ''}
    <h2>المعاينة</h2>
    ${model.sample ? messageSize(model.sample) : html`<p class="error">${model.unrenderable ?? NO_ARTICLES}</p>`}
    <div class="previews">
      <figure>
        <figcaption class="muted">على الهاتف</figcaption>
        <iframe class="phone" sandbox="" src="${base}/preview" title="معاينة على الهاتف"></iframe>
      </figure>
      <figure>
        <figcaption class="muted">على الحاسوب</figcaption>
        <iframe class="desktop" sandbox="" src="${base}/preview" title="معاينة على الحاسوب"></iframe>
      </figure>
    </div>`;
}

/** After «من» the dual is genitive: «من قارئَين», not «من قارئان». */
const READERS_AFTER_MIN: ArabicNoun = { ...NOUNS.reader, two: 'قارئَين' };

/** Clicks in all and on each article, in the digest's order; readers too where they are counted. */
function clicksCard(clicks: CampaignClicks): SafeHtml {
  const perReader = clicks.unique !== undefined;
  return html`<section class="card" data-field="clicks">
    <h2>النقرات</h2>
    <p>
      نقرات على المقالات <b data-field="clicks-total">${arabicNumber(clicks.total)}</b>
      ${perReader ? html` · من <b data-field="clicks-unique">${arabicCount(clicks.unique ?? 0, READERS_AFTER_MIN)}</b>` : ''}
      ${clicks.opens !== undefined ? html` · مرات الفتح <b data-field="opens">${arabicNumber(clicks.opens)}</b>` : ''}
    </p>
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th>المقال</th>
            <th>النقرات</th>
            ${perReader ? html`<th>القرّاء</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${clicks.byArticle.map(
            (row) => html`<tr data-article="${row.articleId}">
              <td><a href="${safeHttpUrl(row.url) ?? '#'}" rel="noreferrer">${row.title}</a></td>
              <td>${arabicNumber(row.clicks)}</td>
              ${perReader ? html`<td>${arabicNumber(row.unique ?? 0)}</td>` : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="muted">
      تُعدّ النقرات لكل حملة ومقال، وتظهر هنا بعد ثوانٍ من النقر.
      ${clicks.opens !== undefined ? 'مرات الفتح تقريبية ولا يُعتمد عليها: بعض برامج البريد تحمّل الصور وحدها دون أن يفتح القارئ الرسالة.' : ''}
    </p>
  </section>`;
}

/** A failed campaign: what happened in Arabic, and the reason as the worker recorded and logged it. */
function failureCard(campaign: Campaign): SafeHtml {
  return html`<section class="card" role="alert" data-field="failure">
    <h2>فشلت الحملة</h2>
    <p class="error">
      تعذّر تجهيز رسالة هذه الحملة، فتوقّف إرسالها ولن يُرسل منها شيء بعد الآن. ما أُرسل قبل ذلك
      يبقى مُرسلاً.
    </p>
    <p class="muted">السبب: ${ltr(campaign.failureReason ?? '—')}</p>
  </section>`;
}

/**
 * Before the fan-out there are no delivery rows to count, so the page says whom it would reach
 * now. A scheduled campaign keeps the poller, which reloads the page once it starts.
 */
function audienceCard(model: CampaignDetail, base: string): SafeHtml {
  const moving = model.campaign.status !== 'draft';
  return html`<section
    class="card"
    ${moving ? html`data-progress-url="${base}/progress" data-status="${model.campaign.status}"` : ''}
  >
    <h2>المستلمون</h2>
    <p data-recipients="${model.recipients}"><b>${willGoTo(model.recipients)}</b></p>
    <p class="muted">
      العدد هو المشتركون المؤكَّدون في القائمة الآن، بلا المحظورين؛ ويُحسب من جديد لحظة بدء الإرسال.
    </p>
    <div class="actions">${controls(model, base)}</div>
  </section>`;
}

function progressCard(model: CampaignDetail, base: string): SafeHtml {
  const { progress } = model;
  const done = progress.sent + progress.failed + progress.skipped;
  return html`<section class="card" data-progress-url="${base}/progress" data-status="${model.campaign.status}">
    <h2>التقدّم</h2>
    <progress max="${Math.max(progress.total, 1)}" value="${done}" aria-label="نسبة الإرسال">
      ${arabicNumber(done)}
    </progress>
    <p>
      أُرسل <b data-field="sent">${arabicNumber(progress.sent)}</b> من
      <b data-field="total">${arabicNumber(progress.total)}</b> · بالانتظار
      <b data-field="pending">${arabicNumber(progress.pending)}</b> · فشل
      <b data-field="failed">${arabicNumber(progress.failed)}</b> · معدّل الإرسال في الثانية
      <b data-field="rate">${arabicNumber(progress.rate)}</b>
      ${
        progress.held > 0
          ? html` · ينتظر العنوان الفائز <b data-field="held">${arabicNumber(progress.held)}</b>`
          : ''
      }
    </p>
    <p>
      ارتدّ <b data-field="bounced">${arabicNumber(progress.bounced)}</b> (دائم
      <b data-field="hardBounced">${arabicNumber(progress.hardBounced)}</b> · مؤقت
      <b data-field="softBounced">${arabicNumber(progress.softBounced)}</b>) · حجبته خوادم المستلمين
      <b data-field="blocked">${arabicNumber(progress.blocked)}</b> · شكاوى الإزعاج
      <b data-field="complaints">${arabicNumber(progress.complaints)}</b>
    </p>
    <p class="muted">
      الارتداد الدائم يوقف العنوان فوراً، والمؤقت يوقفه إذا تكرّر ثلاث مرات في سبعة أيام. الحجب سببه
      خادمنا أو الرسالة لا القارئ، فلا يوقف أحداً.
    </p>
    ${bounceReasonsTable(model.reports)}
    <div class="actions">${controls(model, base)}</div>
  </section>`;
}

function controls(model: CampaignDetail, base: string): SafeHtml[] {
  const csrf = csrfField(model.csrfToken);
  const button = (action: string, label: string, confirm?: string, secondary = true) =>
    html`<form method="post" action="${base}/${action}" ${confirm ? html`data-confirm="${confirm}"` : ''}>
      ${csrf}
      <button type="submit" ${secondary ? html`class="secondary"` : ''}>${label}</button>
    </form>`;
  const { status } = model.campaign;
  const shown: SafeHtml[] = [];
  if (status === 'sending' || status === 'scheduled') shown.push(button('pause', 'إيقاف مؤقت'));
  if (status === 'paused') shown.push(button('resume', 'استئناف', undefined, false));
  if (status === 'sending' || status === 'scheduled' || status === 'paused') {
    shown.push(button('cancel', 'إلغاء الحملة', 'إلغاء الحملة نهائي. هل تريد المتابعة؟'));
  }
  return shown;
}

/** A draft's test copy and its send, now or at a time in the site's zone. */
function sendingCard(model: CampaignDetail, base: string): SafeHtml {
  const csrf = csrfField(model.csrfToken);
  const confirmSend =
    model.recipients === 0
      ? 'لا مشتركين مؤكَّدين في القائمة الآن، فلن تصل الحملة إلى أحد. هل تريد المتابعة؟'
      : `${willGoTo(model.recipients)} الآن. هل تريد المتابعة؟`;
  return html`<section class="card">
    <h2>الإرسال</h2>
    <form method="post" action="${base}/test" class="row">
      ${csrf}
      <div>
        <label for="test-email">نسخة تجريبية إلى</label>
        <input id="test-email" name="email" type="email" dir="ltr" required value="${model.typed.email ?? ''}" />
      </div>
      <button type="submit" class="secondary">أرسل نسخة تجريبية</button>
    </form>
    <div class="actions">
      <form method="post" action="${base}/send" data-confirm="${confirmSend}">
        ${csrf}
        <button type="submit">أرسل الآن</button>
      </form>
    </div>
    <form method="post" action="${base}/send" class="row">
      ${csrf}
      <div>
        <label for="send-at">أو في وقت لاحق (بتوقيت ${zoneLabel(model.timeZone)})</label>
        <input id="send-at" name="at" type="datetime-local" required value="${model.typed.at ?? ''}" />
      </div>
      <button type="submit" class="secondary">جدولة الإرسال</button>
    </form>
  </section>`;
}

const kilobytes = (bytes: number) =>
  new Intl.NumberFormat('ar', { maximumFractionDigits: 1 }).format(bytes / 1000);

/** The size a reader's mailbox receives, and Gmail's clipping when the digest passes it. */
function messageSize(sample: CampaignSample): SafeHtml {
  const line = html`<p class="muted" data-field="message-size">
    حجم الرسالة كما تُرسَل: ${kilobytes(sample.size)} كيلوبايت (منها ${ltr('HTML')} بحجم
    ${kilobytes(sample.htmlSize)} كيلوبايت).
  </p>`;
  if (!sample.clipped) return line;
  return html`${line}
    <p class="error" role="alert" data-warning="gmail-clip">
      قد يقتطع ${ltr('Gmail')} هذه الرسالة: يخفي ${ltr('Gmail')} ما يتجاوز نحو
      ${kilobytes(GMAIL_CLIP_BYTES)} كيلوبايت من الرسالة، ومعه تذييلها ورابط إلغاء الاشتراك. قلّل
      عدد المقالات أو اختصر ملخصاتها.
    </p>`;
}
