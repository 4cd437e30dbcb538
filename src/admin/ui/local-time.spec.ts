import { describe, expect, it } from '@jest/globals';
import { zonedToUtc } from './local-time.js';

describe('zonedToUtc', () => {
  it('reads a wall-clock time in a zone without DST', () => {
    expect(zonedToUtc('2026-11-26T07:00', 'Asia/Baghdad')?.toISOString()).toBe(
      '2026-11-26T04:00:00.000Z',
    );
  });

  it('uses the offset in force on that date, on both sides of a DST change', () => {
    expect(zonedToUtc('2026-03-28T09:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(zonedToUtc('2026-03-30T09:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('refuses text that is not a datetime-local value, and days that do not exist', () => {
    expect(zonedToUtc('tomorrow', 'UTC')).toBeNull();
    expect(zonedToUtc('2026-02-30T10:00', 'UTC')).toBeNull();
  });
});
