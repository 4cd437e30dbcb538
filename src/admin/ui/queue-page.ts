import { html, ltr, type SafeHtml } from '../../common/html.js';
import { QUEUES } from '../../queues/queue-names.js';
import { arabicNumber } from '../../common/arabic-format.js';

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Jobs in one queue by state, as BullMQ counts them. */
export interface QueueCounts {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** What each queue does, in the words of an editor rather than of the code. */
const MEANINGS: Record<QueueName, { title: string; meaning: string }> = {
  [QUEUES.campaigns]: {
    title: 'إرسال الحملات',
    meaning: 'يوزّع كل حملة على مشتركي قائمتها، ثم يرسلها دفعاتٍ من بضع مئات.',
  },
  [QUEUES.transactional]: {
    title: 'البريد الفردي',
    meaning: 'رسائل إلى شخص واحد: تأكيد الاشتراك والترحيب. لا تنتظر خلف النشرات.',
  },
  [QUEUES.feeds]: {
    title: 'قراءة الخلاصات',
    meaning: 'يقرأ كل خلاصة في موعدها ويحفظ مقالاتها الجديدة والمعدَّلة.',
  },
  [QUEUES.schedules]: {
    title: 'مواعيد الجداول',
    meaning: 'في موعد كل جدول يُعِدّ النشرة الدورية ويرسلها، أو يسجّل لماذا لم يرسلها.',
  },
};

const ORDER: QueueName[] = [QUEUES.campaigns, QUEUES.transactional, QUEUES.feeds, QUEUES.schedules];

/**
 * /admin/queues in our own words: what each queue is for and how many jobs wait, run, wait for
 * their time or failed. The detailed board is Bull Board's, in English only (it has no Arabic).
 */
export function queuesView(counts: QueueCounts[] | null, boardPath: string): SafeHtml {
  const byName = new Map(counts?.map((queue) => [queue.name, queue]));
  return html`<p>
      تُنجَز الأعمال الطويلة في الخلفية، مهمةً بعد مهمة، في طوابير لكلٍّ منها عمله. إن تأخّر إرسال أو
      قراءة خلاصة فهنا يظهر ما ينتظر وما فشل.
    </p>
    ${
      counts
        ? ''
        : html`<p class="error" role="alert">
          تعذّرت قراءة أعداد المهام الآن: خادم ${ltr('Redis')} لا يجيب، ولا تُنجَز المهام حتى يعود.
        </p>`
    }
    ${ORDER.map((name) => queueCard(name, byName.get(name)))}
    <p class="muted">
      «المؤجَّلة» مهام تنتظر موعدها، ومنها الموعد القادم لكل خلاصة ولكل جدول. «الفاشلة» مهام استنفدت
      محاولاتها؛ تفاصيل خطئها في اللوحة التفصيلية.
    </p>
    <p>
      <a class="button secondary" href="${boardPath}">فتح لوحة الطوابير التفصيلية (بالإنجليزية)</a>
    </p>
    <p class="muted">
      اللوحة التفصيلية هي ${ltr('Bull Board')}: تعرض كل مهمة وبياناتها وأخطاءها، وواجهتها بالإنجليزية
      ومن اليسار إلى اليمين، إذ لا عربية فيها. يطّلع عليها كل المحررين، ولا يعيد المهام أو يحذفها إلا
      المديرون.
    </p>`;
}

function queueCard(name: QueueName, counts: QueueCounts | undefined): SafeHtml {
  const count = (value: number | undefined) => (value === undefined ? '—' : arabicNumber(value));
  return html`<section class="card" data-queue="${name}">
    <h2>${MEANINGS[name].title} <span class="muted">(${ltr(name)})</span></h2>
    <p>${MEANINGS[name].meaning}</p>
    <p>
      بالانتظار <b data-count="waiting">${count(counts?.waiting)}</b> · قيد التنفيذ
      <b data-count="active">${count(counts?.active)}</b> · مؤجَّلة
      <b data-count="delayed">${count(counts?.delayed)}</b> · فاشلة
      <b data-count="failed">${count(counts?.failed)}</b>
    </p>
  </section>`;
}
