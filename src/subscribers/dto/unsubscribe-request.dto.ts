import { z } from 'zod';

/**
 * JSON or form body of POST /unsubscribe: the address to send the link to leave to. `website` is
 * the honeypot, as on the signup form: people never see it, bots fill it.
 */
export const unsubscribeRequestSchema = z.object({
  email: z.string({ error: 'is required and must be a string' }).max(320, 'is too long'),
  website: z.string({ error: 'must be a string' }).max(500).optional(),
});

export type UnsubscribeRequestBody = z.infer<typeof unsubscribeRequestSchema>;
