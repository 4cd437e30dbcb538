import type { ReportReason } from '../../campaigns/campaign-sending.service.js';
import type { BounceType } from '../../bounces/entities/bounce.entity.js';
import { arabicNumber } from '../../common/arabic-format.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';

/** What each kind of report means for the reader, in the words editors read. */
export const BOUNCE_TYPE_LABELS: Record<BounceType, string> = {
  hard: 'ارتداد دائم (أُوقف العنوان)',
  soft: 'ارتداد مؤقت',
  blocked: 'حجبٌ من خادم المستلم',
  complaint: 'شكوى إزعاج',
};

/** Sisimai's reasons, as an editor would say them; the code itself stays beside, in Latin. */
const REASON_LABELS: Record<string, string> = {
  userunknown: 'العنوان غير موجود',
  hostunknown: 'النطاق غير موجود',
  hasmoved: 'انتقل صاحب العنوان إلى عنوان آخر',
  notaccept: 'خادم المستلم لا يستقبل البريد',
  mailboxfull: 'صندوق البريد ممتلئ',
  exceedlimit: 'الرسالة تتجاوز حدّ صندوق المستلم',
  expired: 'انقضت مهلة التسليم',
  systemerror: 'عطل في خادم المستلم',
  systemfull: 'خادم المستلم ممتلئ',
  networkerror: 'عطل في الشبكة',
  mailererror: 'عطل في برنامج البريد لدى المستلم',
  suspend: 'الحساب موقوف',
  filtered: 'رفضه مرشّح المستلم',
  blocked: 'خادم المستلم يحجب خادمنا',
  rejected: 'رُفض عنوان المرسِل',
  policyviolation: 'خالفت الرسالة سياسة خادم المستلم',
  spamdetected: 'صُنّفت الرسالة بريداً مزعجاً',
  virusdetected: 'اشتُبه بفيروس في الرسالة',
  securityerror: 'خطأ أمني',
  authfailure: 'فشل التحقق من هوية المرسِل',
  requireptr: 'لا سجلّ عكسيّاً لخادمنا',
  badreputation: 'سمعة خادمنا سيئة لدى المستلم',
  notcompliantrfc: 'الرسالة لا تطابق المعايير',
  failedstarttls: 'تعذّر الاتصال المشفّر',
  toomanyconn: 'اتصالات كثيرة في وقت واحد',
  ratelimited: 'تجاوزنا حدّ الإرسال لدى المستلم',
  speeding: 'أرسلنا أسرع مما يقبل خادم المستلم',
  mesgtoobig: 'الرسالة أكبر مما يقبل خادم المستلم',
  norelaying: 'رفض الخادم تمرير الرسالة',
  contenterror: 'خطأ في محتوى الرسالة',
  syntaxerror: 'خطأ في حوار SMTP',
  onhold: 'سبب غير واضح',
  undefined: 'سبب غير معروف',
  feedback: 'علّمها القارئ بريداً مزعجاً',
};

export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? 'سبب غير مسجّل';
}

/** The campaign's reports by reason: what happened, how often, and what it did to the reader. */
export function bounceReasonsTable(reports: ReportReason[]): SafeHtml {
  if (reports.length === 0) return html``;
  return html`<div class="table-scroll">
    <table>
      <caption>
        أسباب الارتداد والشكاوى
      </caption>
      <thead>
        <tr>
          <th scope="col">السبب</th>
          <th scope="col">النوع</th>
          <th scope="col">العدد</th>
        </tr>
      </thead>
      <tbody>
        ${reports.map(
          (row) =>
            html`<tr>
              <td>${reasonLabel(row.reason)} ${row.reason ? ltr(row.reason) : ''}</td>
              <td>${BOUNCE_TYPE_LABELS[row.type]}</td>
              <td>${arabicNumber(row.count)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
