import type { Response } from 'express';

/** What the page after a form says happened; only these texts, so a link cannot put words in our mouth. */
const NOTICES = {
  'campaign-created': 'أُنشئت المسودة. راجع المعاينة ثم أرسلها.',
  'test-sent': 'أُرسلت نسخة تجريبية.',
  'campaign-sending': 'بدأ الإرسال.',
  'campaign-scheduled': 'جُدول الإرسال.',
  'campaign-paused': 'أُوقف الإرسال مؤقتاً.',
  'campaign-resumed': 'استُؤنف الإرسال.',
  'campaign-cancelled': 'أُلغيت الحملة.',
  'subject-chosen': 'اعتُمد العنوان، ويُرسل الآن إلى بقية القائمة.',
  'schedule-saved': 'حُفظ الجدول.',
  'schedule-deleted': 'حُذف الجدول.',
  'subscriber-added': 'أُضيف المشترك.',
  'subscriber-erased': 'مُحيت بيانات المشترك.',
  'feed-added': 'أُضيفت الخلاصة، وستُقرأ خلال لحظات.',
  'feed-polled': 'طُلبت قراءة الخلاصة الآن.',
  'feed-saved': 'حُفظت الخلاصة.',
  'feed-paused': 'أُوقفت قراءة الخلاصة مؤقتاً.',
  'feed-resumed': 'استُؤنفت قراءة الخلاصة.',
  'feed-deleted': 'حُذفت الخلاصة، وبقيت مقالاتها.',
  'password-changed': 'تغيّرت كلمة المرور، وخرجت جلساتك الأخرى.',
  'token-revoked': 'أُبطل الرمز.',
  'editor-saved': 'حُفظ الحساب.',
} as const;
export type NoticeCode = keyof typeof NOTICES;

/** Post/redirect/get: the next page shows the notice once. */
export function redirectWithNotice(response: Response, path: string, code: NoticeCode): void {
  const separator = path.includes('?') ? '&' : '?';
  response.redirect(303, `${path}${separator}done=${code}`);
}

export function noticeFrom(query: unknown): string | undefined {
  const code = (query as { done?: unknown } | undefined)?.done;
  return typeof code === 'string' && Object.hasOwn(NOTICES, code)
    ? NOTICES[code as NoticeCode]
    : undefined;
}
