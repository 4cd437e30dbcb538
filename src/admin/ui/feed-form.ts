import { ConflictException } from '@nestjs/common';
import type { Feed } from '../../articles/entities/feed.entity.js';
import { feedCreateSchema, POLL_MINUTES } from '../../articles/feed-input.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import { field } from './form-failure.js';

/** The feed form's fields as typed, shown again after an error so nothing typed is lost. */
export interface FeedFormValues {
  url: string;
  pollMinutes: string;
}

export const NEW_FEED_FORM: FeedFormValues = {
  url: '',
  pollMinutes: String(POLL_MINUTES.default),
};

export function feedFormFromBody(body: unknown): FeedFormValues {
  return { url: field(body, 'url'), pollMinutes: field(body, 'pollMinutes') };
}

export function feedFormFromFeed(feed: Feed): FeedFormValues {
  return { url: feed.url, pollMinutes: String(feed.pollMinutes) };
}

/** A refused form: what to tell the editor, and the status to answer with. */
export interface FeedFormError {
  message: SafeHtml;
  status: number;
}

/**
 * The form's values as the service takes them, checked by the API's own schema (the two cannot
 * disagree on a limit), or the reason in Arabic.
 */
export function feedInputFrom(
  values: FeedFormValues,
): { url: string; pollMinutes: number } | FeedFormError {
  const minutes = westernDigits(values.pollMinutes);
  const parsed = feedCreateSchema.safeParse({
    url: values.url,
    pollMinutes: /^\d{1,6}$/.test(minutes) ? Number(minutes) : Number.NaN,
  });
  if (parsed.success) return parsed.data;
  const refused = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  if (refused.has('url')) {
    return {
      status: 422,
      message: values.url
        ? html`اكتب رابط الخلاصة كاملاً، بادئاً بـ ${ltr('https://')} أو ${ltr('http://')}.`
        : html`اكتب رابط الخلاصة.`,
    };
  }
  return {
    status: 422,
    message: html`اكتب الفاصل بين القراءات بالدقائق: من دقيقة واحدة إلى
      ${arabicCount(POLL_MINUTES.max, NOUNS.minute)} (يوم كامل).`,
  };
}

/** The one refusal the service makes of a well-formed feed; anything else is not the form's. */
export function feedServiceFailure(error: unknown): FeedFormError {
  if (error instanceof ConflictException) {
    return { status: 409, message: html`هذه الخلاصة مضافة من قبل.` };
  }
  throw error;
}

/** «١٥» typed on an Arabic keyboard is fifteen too (U+0660… and U+06F0… end in the digit). */
function westernDigits(text: string): string {
  return text.replace(/[٠-٩۰-۹]/g, (digit) => String(digit.charCodeAt(0) % 16));
}
