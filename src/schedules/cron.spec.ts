import { cronProblem, nextRuns, shortestGapSeconds } from './cron.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('schedule cron in a time zone', () => {
  it('runs every day at 07:00 Baghdad time, which is 04:00 UTC all year', () => {
    expect(iso(nextRuns('0 7 * * *', 'Asia/Baghdad', new Date('2026-11-25T05:00:00Z'), 2))).toEqual(
      ['2026-11-26T04:00:00.000Z', '2026-11-27T04:00:00.000Z'],
    );
  });

  it('keeps 07:00 local across the end of summer time in Beirut (UTC+3 → UTC+2)', () => {
    expect(iso(nextRuns('0 7 * * *', 'Asia/Beirut', new Date('2026-10-23T12:00:00Z'), 3))).toEqual([
      '2026-10-24T04:00:00.000Z',
      '2026-10-25T05:00:00.000Z',
      '2026-10-26T05:00:00.000Z',
    ]);
  });

  it('runs a slot that the spring-forward gap skips once, just after the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026: clocks jump from 02:00 to 03:00.
    expect(
      iso(nextRuns('30 2 * * *', 'America/New_York', new Date('2026-03-07T12:00:00Z'), 3)),
    ).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  });

  it('runs a slot that the fall-back hour repeats only once', () => {
    const runs = nextRuns('30 1 * * *', 'America/New_York', new Date('2026-10-31T12:00:00Z'), 2);
    expect(iso(runs)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('names what is wrong with a bad cron or zone', () => {
    expect(cronProblem('0 7 * * *', 'Asia/Baghdad')).toBeNull();
    expect(cronProblem('0 7 * * *', 'Mars/Olympus')).toMatchObject({
      field: 'timezone',
      code: 'unknown-zone',
    });
    expect(cronProblem('0 7 * *', 'Asia/Baghdad')).toMatchObject({ code: 'cron-fields' });
    expect(cronProblem('0 25 * * *', 'Asia/Baghdad')).toMatchObject({ code: 'cron-invalid' });
    expect(cronProblem('every day', 'Asia/Baghdad')).toMatchObject({ field: 'cron' });
  });

  it('measures the shortest gap between runs', () => {
    expect(shortestGapSeconds('0 7,19 * * *', 'UTC', new Date('2026-11-25T00:00:00Z'))).toBe(
      12 * 3600,
    );
    expect(shortestGapSeconds('*/5 * * * *', 'UTC', new Date('2026-11-25T00:00:00Z'))).toBe(300);
  });
});
