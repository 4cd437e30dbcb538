import { HttpException } from '@nestjs/common';

/**
 * What a refused form submission should tell the editor: the 4xx's message. Anything else is a
 * fault of ours and is rethrown, to be logged and answered as a 500.
 */
export function formFailure(error: unknown): { status: number; message: string } {
  if (error instanceof HttpException && error.getStatus() < 500) {
    const payload = error.getResponse();
    const message =
      typeof payload === 'object' && payload !== null && 'message' in payload
        ? String((payload as { message: unknown }).message)
        : String(payload);
    return { status: error.getStatus(), message };
  }
  throw error;
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
