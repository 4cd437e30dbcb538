import { UnprocessableEntityException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { refuseNulCharacters } from './refuse-nul.js';

/** What the middleware hands to `next`: nothing to go on, or the refusal. */
function verdict(body: unknown, query: Record<string, unknown> = {}): unknown {
  let passed: unknown = 'not called';
  refuseNulCharacters({ body, query } as Request, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

const fieldsOf = (refusal: unknown) =>
  ((refusal as UnprocessableEntityException).getResponse() as { fields: Record<string, string> })
    .fields;

describe('refuseNulCharacters', () => {
  it('lets text without NUL through, and raw bodies whatever their bytes', () => {
    expect(
      verdict({ email: 'a@example.com', lists: ['daily'], name: 'أحمد\u202E' }),
    ).toBeUndefined();
    expect(verdict(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(verdict(undefined, { search: 'x' })).toBeUndefined();
  });

  it('refuses NUL in a value, a nested value, a key or the query, naming where', () => {
    expect(fieldsOf(verdict({ summary: 'a\u0000b' }))).toEqual({
      summary: 'must not contain the NUL character (U+0000)',
    });
    expect(Object.keys(fieldsOf(verdict({ lists: ['daily', 'x\u0000'] })))).toEqual(['lists.1']);
    expect(Object.keys(fieldsOf(verdict({ 'k\u0000': 1 })))).toEqual(['k\\u0000']);
    expect(Object.keys(fieldsOf(verdict('\u0000')))).toEqual(['body']);
    expect(Object.keys(fieldsOf(verdict({}, { search: 'a\u0000' })))).toEqual(['query.search']);
  });

  it('walks a body nested 10,000 deep without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(verdict(deep)).toBeInstanceOf(UnprocessableEntityException);
  });
});
