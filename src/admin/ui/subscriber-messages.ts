import { NotFoundException } from '@nestjs/common';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import { AdditionRefused } from '../addition-refused.js';
import { CsvHeaderError, CsvUnreadable, MAX_NAME_LENGTH, NAME_TOO_LONG } from '../csv-import.js';
import { CsvUploadRefused, MAX_FILE_BYTES, type UploadProblem } from '../csv-upload.js';
import { arabicNumber } from '../../common/arabic-format.js';
import { arabicMessage, formFailure } from './form-failure.js';

/**
 * The API keeps its English reasons (its clients may match on them); the subscribers page says
 * the same things in Arabic. The address checks (normalizeEmail) answer a fixed set of reasons,
 * each worded here; subscriber-messages.spec.ts walks every one of them.
 */
const EMAIL_REASONS: Record<string, SafeHtml> = {
  'email must be a string': html`العنوان ليس نصاً`,
  'email is required': html`العنوان فارغ`,
  'email is too long': html`العنوان أطول من المسموح`,
  'email must not contain spaces or control characters': html`في العنوان مسافة أو رمز تحكّم`,
  'email must look like name@example.com': html`العنوان ليس على صورة ${ltr('name@example.com')}`,
  'the part before @ has characters that are not allowed': html`في الجزء الذي قبل ${ltr('@')} رموز غير مسموح بها`,
  'the part before @ is longer than 64 characters': html`الجزء الذي قبل ${ltr('@')} أطول من ${arabicCount(64, NOUNS.character)}`,
  'the domain mixes Latin letters with lookalike letters': html`النطاق يخلط حروفاً لاتينية بحروف تشبهها من أبجدية أخرى`,
  'the domain is not a valid domain name': html`ما بعد ${ltr('@')} ليس اسم نطاق صالحاً`,
  'email is longer than 254 characters': html`العنوان أطول من ${arabicCount(254, NOUNS.character)}`,
  // «٢٠٠ حرف»: after a round hundred the noun is genitive, which arabicCount does not yet say.
  [NAME_TOO_LONG]: html`الاسم أطول من ${arabicNumber(MAX_NAME_LENGTH)} حرف`,
};

/** Why an address (or a row of a file) was refused, in Arabic. */
export function addressProblem(reason: string): SafeHtml {
  return Object.hasOwn(EMAIL_REASONS, reason) ? EMAIL_REASONS[reason] : html`العنوان غير صالح`;
}

const UPLOAD_PROBLEMS: Record<UploadProblem, SafeHtml> = {
  'not-multipart': html`لم يصل الملف. اختره من نموذج الاستيراد في هذه الصفحة ثم اضغط «استيراد».`,
  unreadable: html`انقطع رفع الملف قبل أن يكتمل. أعد المحاولة.`,
  'no-file': html`اختر ملف ${ltr('CSV')} لاستيراده.`,
  'too-large': html`الملف أكبر من ${arabicNumber(MAX_FILE_BYTES / 1024 / 1024)} ميغابايت؛ قسّمه إلى ملفات أصغر.`,
};

const CSV_SYNTAX: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'علامة اقتباس في وسط حقل',
  CSV_QUOTE_NOT_CLOSED: 'علامة اقتباس فُتحت ولم تُغلق',
  CSV_INVALID_CLOSING_QUOTE: 'علامة اقتباس في غير موضعها',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'نص بعد علامة اقتباس الإغلاق',
  CSV_MAX_RECORD_SIZE: 'سطر أطول من المسموح',
};

/** Why a whole file was refused (the rows were never reached, or reading stopped part way). */
export function importFailure(error: unknown): { status: number; message: SafeHtml } {
  if (error instanceof CsvUploadRefused) {
    return { status: error.getStatus(), message: UPLOAD_PROBLEMS[error.problem] };
  }
  if (error instanceof CsvHeaderError) {
    return {
      status: 422,
      message: html`يجب أن يسمّي السطر الأول من الملف أعمدته، وفيها ${ltr('email')} على الأقل
        (مثلاً ${ltr('email,name')}).`,
    };
  }
  if (error instanceof CsvUnreadable) {
    return {
      status: 422,
      message: html`تعذّرت قراءة الملف عند السطر ${arabicNumber(error.row)}: ${
        CSV_SYNTAX[error.code] ?? html`ليس ملف ${ltr('CSV')} سليماً`
      }. أصلحه ثم ارفعه من جديد؛ تُتخطّى العناوين التي استُوردت قبل الخطأ.`,
    };
  }
  const failure = formFailure(error);
  return { status: failure.status, message: html`${arabicMessage(failure)}` };
}

/** The add form, refused before the service is asked: the address's problem, or no list. */
export function addFormProblem(addressReason: string | null): SafeHtml {
  return addressReason !== null
    ? html`عنوان البريد غير صالح: ${addressProblem(addressReason)}.`
    : html`اختر قائمة.`;
}

/** An import that names no list, or one that no longer exists (a stale page). */
export const IMPORT_LIST_MISSING = {
  status: 422,
  message: html`اختر القائمة التي يُستورد إليها الملف.`,
} as const;

/** Why one subscriber could not be added: the service's refusal, said for this address. */
export function addFailure(error: unknown): { status: number; message: SafeHtml } {
  if (error instanceof AdditionRefused) {
    return {
      status: 409,
      message:
        error.code === 'suppressed'
          ? html`هذا العنوان في قائمة الحظر (ألغى صاحبه اشتراكه أو ارتدّت الرسائل إليه)، فلا يُضاف.`
          : html`هذا العنوان مسجّل من قبل؛ ابحث عنه في الجدول.`,
    };
  }
  const failure = formFailure(error);
  return { status: failure.status, message: html`${arabicMessage(failure)}` };
}

/** Erasing someone who is not there (already erased, or a stale page). */
export function eraseFailure(error: unknown): { status: number; message: SafeHtml } {
  if (error instanceof NotFoundException) {
    return { status: 404, message: html`لم نجد هذا المشترك؛ لعلّ بياناته مُحيت من قبل.` };
  }
  const failure = formFailure(error);
  return { status: failure.status, message: html`${arabicMessage(failure)}` };
}
