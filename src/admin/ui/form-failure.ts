import { HttpException } from '@nestjs/common';

export interface FormFailure {
  status: number;
  /** The exception's message as the service wrote it (the API's words, often English). */
  message: string;
  /** The fields the service named, with its reason for each (invalidFields' `fields`). */
  fields: Record<string, string>;
}

/**
 * What a refused form submission should tell the editor: the 4xx's message and fields. Anything
 * else is a fault of ours and is rethrown, to be logged and answered as a 500.
 */
export function formFailure(error: unknown): FormFailure {
  if (error instanceof HttpException && error.getStatus() < 500) {
    const payload = error.getResponse();
    const message =
      typeof payload === 'object' && payload !== null && 'message' in payload
        ? String((payload as { message: unknown }).message)
        : String(payload);
    return { status: error.getStatus(), message, fields: namedFields(payload) };
  }
  throw error;
}

const LATIN = /[A-Za-z]/;

const BY_STATUS: Record<number, string> = {
  400: 'الطلب غير صالح. أعد تحميل الصفحة وحاول مجدداً.',
  403: 'هذا غير مسموح لحسابك.',
  404: 'لم نجد ما طلبت؛ لعلّه حُذف قبل قليل.',
  409: 'يتعارض هذا مع ما هو محفوظ؛ أعد تحميل الصفحة لترى آخر حال.',
  413: 'ما أرسلته أكبر من المسموح.',
  415: 'صيغة ما أرسلته غير مدعومة.',
  422: 'بعض ما كُتب في النموذج غير صالح؛ راجعه وحاول مجدداً.',
  429: 'محاولات كثيرة. انتظر قليلاً ثم حاول مجدداً.',
};

/**
 * The failure in Arabic, for pages that have no better words for it: the service's own message
 * when it is Arabic already (the reasons of the fields it named, without their English names),
 * otherwise a plain sentence for the status. English never reaches the page.
 */
export function arabicMessage(failure: FormFailure): string {
  if (!LATIN.test(failure.message)) return failure.message;
  const reasons = Object.values(failure.fields);
  if (reasons.length > 0 && reasons.every((reason) => !LATIN.test(reason))) {
    return reasons.join('؛ ');
  }
  return BY_STATUS[failure.status] ?? 'تعذّر تنفيذ الطلب. حاول مجدداً.';
}

function namedFields(payload: unknown): Record<string, string> {
  const fields = (payload as { fields?: unknown } | null)?.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(
    Object.entries(fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** A form field that should be a single string (a repeated field arrives as an array). */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A field as one line of text: control characters (newlines included) become spaces. */
export function singleLineField(body: unknown, name: string): string {
  return field(body, name)
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .trim();
}

/** A field that may repeat (checkboxes): always an array of strings. */
export function fields(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
