import { z } from 'zod';
import { safeHttpUrl } from '../common/html.js';

/** How often a feed may be polled: from every minute to once a day. */
export const POLL_MINUTES = { min: 1, max: 1440, default: 10 } as const;

/**
 * A feed's address as it is stored: an http(s) URL, normalised. Where it may point (no loopback,
 * no private network) is checked on every fetch, redirects included, by safeFetch's address policy.
 */
const feedUrl = z
  .string({ error: 'must be a URL' })
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => safeHttpUrl(value) !== null, 'must be an http(s) URL')
  .transform((value) => safeHttpUrl(value)!);

const pollMinutes = z
  .int({ error: 'must be a whole number of minutes' })
  .min(POLL_MINUTES.min, 'at least 1 minute')
  .max(POLL_MINUTES.max, 'at most a day');

/** A new feed, from the API or the dashboard's form. */
export const feedCreateSchema = z.object({
  url: feedUrl,
  pollMinutes: pollMinutes.default(POLL_MINUTES.default),
});

/** What can change on a feed; unknown fields are refused, so a typo does not pass for a no-op. */
export const feedUpdateSchema = z
  .strictObject({
    url: feedUrl.optional(),
    pollMinutes: pollMinutes.optional(),
    paused: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine(
    (changes) => Object.values(changes).some((value) => value !== undefined),
    'give url, pollMinutes or paused',
  );

export type FeedChanges = z.infer<typeof feedUpdateSchema>;
