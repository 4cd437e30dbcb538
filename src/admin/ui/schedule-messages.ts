import { NotFoundException } from '@nestjs/common';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import { type ScheduleProblem, ScheduleRefused } from '../../schedules/schedule-problems.js';
import type { BoundedField } from '../../schedules/schedule-rules.js';
import { arabicNumber } from '../../common/arabic-format.js';
import { formFailure } from './form-failure.js';

/** What each bounded field is called in a sentence. */
const FIELD_NAMES: Record<BoundedField, string> = {
  maxArticles: 'أكبر عدد من المقالات',
  minArticles: 'أقل عدد من المقالات',
  sinceHours: 'عدد الساعات',
};

const CRON = ltr('cron');

/**
 * What a refused save tells the editor: the service's problem in Arabic (422), a schedule deleted
 * meanwhile (404). Anything else that is not a 4xx is a fault of ours, rethrown to be a 500.
 */
export function scheduleRefusalInArabic(error: unknown): { status: number; reason: SafeHtml } {
  if (error instanceof ScheduleRefused) {
    return { status: 422, reason: scheduleProblemInArabic(error.problem) };
  }
  if (error instanceof NotFoundException) {
    return { status: 404, reason: html`لم يعد هذا الجدول موجوداً؛ لعلّ محرراً آخر حذفه.` };
  }
  const failure = formFailure(error);
  return { status: failure.status, reason: html`${failure.message}` };
}

/** Why the schedule was refused, in the words an editor reads on the page. */
export function scheduleProblemInArabic(problem: ScheduleProblem): SafeHtml {
  switch (problem.code) {
    case 'unknown-zone':
      return html`المنطقة الزمنية ${ltr(problem.zone)} غير معروفة؛ اختر منطقة من الخيارات.`;
    case 'cron-fields':
      return html`تعبير ${CRON} ${ltr(problem.cron)} لا يتكوّن من خمسة حقول: الدقيقة والساعة واليوم
        والشهر ويوم الأسبوع، مثل ${ltr('0 7 * * *')}.`;
    case 'cron-invalid':
      return html`تعذّر فهم تعبير ${CRON} ${ltr(problem.cron)}. الدقيقة ${span(0, 59)}، والساعة
        ${span(0, 23)}، واليوم ${span(1, 31)}، والشهر ${span(1, 12)}، ويوم الأسبوع ${span(0, 6)}
        (${arabicNumber(0)} هو الأحد).`;
    case 'too-frequent':
      return html`أقصر فاصل بين نشرتين في هذا الجدول ${arabicDuration(problem.gapSeconds)}، وأقل
        فاصل يسمح به الخادم ${arabicDuration(problem.minSeconds)}
        (${ltr('SCHEDULE_MIN_INTERVAL_SECONDS')}). اختر تكراراً أبعد.`;
    case 'out-of-range':
      return html`${rangeMessage(problem.field, problem.min, problem.max)}`;
    case 'min-above-max':
      return html`أقل عدد من المقالات (${arabicNumber(problem.minArticles)}) أكبر من أكبر عدد
        (${arabicNumber(problem.maxArticles)})؛ اجعله مساوياً له أو أقل منه.`;
    case 'unknown-placeholder':
      return html`يحوي عنوان الرسالة ${listed(problem.placeholders.map((name) => `{{${name}}}`))}،
        ولا يُملأ فيه إلا ${ltr('{{date}}')} (تاريخ يوم الإرسال).`;
    case 'unknown-list':
      return html`القائمة ${ltr(problem.slug)} غير موجودة؛ اختر إحدى القوائم.`;
  }
}

/** «من ٠ إلى ٥٩», in the pages' digits. */
function span(from: number, to: number): string {
  return `من ${arabicNumber(from)} إلى ${arabicNumber(to)}`;
}

/** Latin values one after another, each left to right: «‹a›، ‹b›». */
function listed(values: string[]): SafeHtml[] {
  return values.map((value, index) => html`${index ? '، ' : ''}${ltr(value)}`);
}

/** «أكبر عدد من المقالات عدد صحيح من ١ إلى ٥٠.» */
export function rangeMessage(field: BoundedField, min: number, max: number): string {
  return `${FIELD_NAMES[field]} عدد صحيح ${span(min, max)}.`;
}

/**
 * A span of seconds in the largest unit that measures it exactly, its noun agreeing with the
 * number: «ساعة واحدة», «١٠ دقائق», «٩٠ ثانية».
 */
export function arabicDuration(seconds: number): string {
  const units = [
    [86_400, NOUNS.day],
    [3_600, NOUNS.hour],
    [60, NOUNS.minute],
  ] as const;
  for (const [size, noun] of units) {
    if (seconds >= size && seconds % size === 0) return arabicCount(seconds / size, noun);
  }
  return arabicCount(seconds, NOUNS.second);
}
