import { UnprocessableEntityException } from '@nestjs/common';
import { z } from 'zod';

/** Parses a request body with a schema; a failure is a 422 naming each field and its problem. */
export function parseBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw invalidFields(
    Object.fromEntries(
      result.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]),
    ),
  );
}

export function invalidFields(fields: Record<string, string>): UnprocessableEntityException {
  const message = Object.entries(fields)
    .map(([field, reason]) => `${field}: ${reason}`)
    .join('; ');
  return new UnprocessableEntityException({
    statusCode: 422,
    error: 'Unprocessable Entity',
    message,
    fields,
  });
}

/** A single-line text field: no control characters, so nothing can break a header or a CSV row. */
export const singleLine = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\x00-\x1f\x7f\u2028\u2029]/.test(value), 'must be a single line of text')
    .transform((value) => value.trim());
