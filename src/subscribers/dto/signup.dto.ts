import { z } from 'zod';
import { singleLine } from '../../common/zod-body.js';

const slug = z
  .string({ error: 'must be a list slug' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a list slug');

/**
 * JSON or form body of POST /api/subscriptions. Forms send one list as a string and several as a
 * repeated field; both are accepted. `website` is the honeypot: people never see it, bots fill it.
 */
export const signupSchema = z.object({
  email: z.string({ error: 'is required and must be a string' }).max(320, 'is too long'),
  name: singleLine(200).optional(),
  lists: z
    .union([slug.transform((value) => [value]), z.array(slug).max(20, 'at most 20 lists')], {
      error: 'must be a list slug or an array of them',
    })
    .optional(),
  source: singleLine(100).optional(),
  website: z.string({ error: 'must be a string' }).max(500).optional(),
});

export type SignupBody = z.infer<typeof signupSchema>;
