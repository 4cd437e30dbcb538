import { html, type SafeHtml } from '../../common/html.js';

/** The Arabic names of campaign and subscriber states. */
export const STATUS_LABELS: Record<string, string> = {
  draft: 'مسودة',
  scheduled: 'مجدولة',
  sending: 'قيد الإرسال',
  paused: 'متوقفة مؤقتاً',
  sent: 'أُرسلت',
  cancelled: 'أُلغيت',
  failed: 'فشلت',
  pending: 'بانتظار التأكيد',
  confirmed: 'مؤكَّد',
  unsubscribed: 'ألغى اشتراكه',
};

export function statusBadge(status: string): SafeHtml {
  return html`<span class="status ${status}">${STATUS_LABELS[status] ?? status}</span>`;
}
