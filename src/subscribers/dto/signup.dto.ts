import { z } from 'zod';
import { singleLine } from '../../common/zod-body.js';

/** Longer names are cut, not refused: the name only ever greets its owner. */
export const MAX_SIGNUP_NAME = 100;
export const NAME_HAS_LINK = 'must not contain a link or web address';

// A scheme (http://, mailto:), www., or a host followed by a path (evil.example/login).
const LINK = /[a-z][a-z0-9+.-]*:\/\/|\b(?:mailto|javascript|data):|www\.|[a-z0-9-]\.[a-z]{2,}\//i;

/**
 * The name a stranger types beside any address. It is kept out of the confirmation, and a link
 * in it is refused, so that our mail never carries a stranger's sentence with a link in it.
 */
const signupName = singleLine(200)
  .refine((value) => !LINK.test(value), NAME_HAS_LINK)
  .transform((value) => Array.from(value).slice(0, MAX_SIGNUP_NAME).join('').trim());

const slug = z
  .string({ error: 'must be a list slug' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a list slug');

/**
 * JSON or form body of POST /api/subscriptions. Forms send one list as a string and several as a
 * repeated field; both are accepted. `website` is the honeypot: people never see it, bots fill it.
 */
export const signupSchema = z.object({
  email: z.string({ error: 'is required and must be a string' }).max(320, 'is too long'),
  name: signupName.optional(),
  lists: z
    .union([slug.transform((value) => [value]), z.array(slug).max(20, 'at most 20 lists')], {
      error: 'must be a list slug or an array of them',
    })
    .optional(),
  source: singleLine(100).optional(),
  website: z.string({ error: 'must be a string' }).max(500).optional(),
});

export type SignupBody = z.infer<typeof signupSchema>;
