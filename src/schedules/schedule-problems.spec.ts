import { describe, expect, it } from '@jest/globals';
import { ScheduleRefused, scheduleProblem } from './schedule-problems.js';

const daily = { cron: '0 7 * * *', timezone: 'Asia/Baghdad', subject: 'نشرة {{date}}' };
const NOW = new Date('2026-11-25T00:00:00Z');

describe('what stops a schedule', () => {
  it('lets a daily digest through', () => {
    expect(scheduleProblem(daily, 3600, NOW)).toBeNull();
  });

  it('names a cron that runs more often than the server allows, with both gaps', () => {
    expect(scheduleProblem({ ...daily, cron: '*/5 * * * *' }, 600, NOW)).toEqual({
      field: 'cron',
      code: 'too-frequent',
      gapSeconds: 300,
      minSeconds: 600,
    });
  });

  it('holds the article counts and the hours to the shared bounds', () => {
    expect(scheduleProblem({ ...daily, minArticles: 0 }, 3600, NOW)).toEqual({
      field: 'minArticles',
      code: 'out-of-range',
      min: 1,
      max: 50,
    });
    expect(scheduleProblem({ ...daily, maxArticles: 51 }, 3600, NOW)).toMatchObject({
      field: 'maxArticles',
    });
    expect(scheduleProblem({ ...daily, sinceHours: 745 }, 3600, NOW)).toMatchObject({
      field: 'sinceHours',
    });
    expect(scheduleProblem({ ...daily, minArticles: 5, maxArticles: 3 }, 3600, NOW)).toEqual({
      field: 'minArticles',
      code: 'min-above-max',
      minArticles: 5,
      maxArticles: 3,
    });
  });

  it('refuses an unknown placeholder in the subject', () => {
    expect(scheduleProblem({ ...daily, subject: 'نشرة {{name}}' }, 3600, NOW)).toEqual({
      field: 'subject',
      code: 'unknown-placeholder',
      placeholders: ['name'],
    });
  });

  it('answers API clients with a 422 naming the field in English', () => {
    const refused = new ScheduleRefused({
      field: 'cron',
      code: 'too-frequent',
      gapSeconds: 300,
      minSeconds: 3600,
    });
    expect(refused.getStatus()).toBe(422);
    expect(refused.getResponse()).toMatchObject({
      fields: { cron: expect.stringContaining('SCHEDULE_MIN_INTERVAL_SECONDS') },
    });
  });
});
