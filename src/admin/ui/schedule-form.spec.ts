import { describe, expect, it } from '@jest/globals';
import {
  scheduleFormFromSchedule,
  scheduleInputFrom,
  type ScheduleFormValues,
  simpleCron,
} from './schedule-form.js';
import { SCHEDULE_BOUNDS } from '../../schedules/schedule-rules.js';

/** Digits as the pages write them (`Intl.NumberFormat('ar')`); the words are the point. */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);

const base: ScheduleFormValues = {
  list: 'daily',
  frequency: 'daily',
  time: '07:00',
  weekday: '0',
  cron: '',
  timezone: 'Asia/Baghdad',
  subject: 'نشرة {{date}}',
  window: 'last',
  hours: '',
  maxArticles: '10',
  minArticles: '3',
  active: true,
};

describe('schedule form', () => {
  it('turns "every day at 07:00" and "every Friday at 18:30" into cron', () => {
    expect(scheduleInputFrom(base)).toMatchObject({ cron: '0 7 * * *', sinceLastDigest: true });
    expect(
      scheduleInputFrom({ ...base, frequency: 'weekly', time: '18:30', weekday: '5' }),
    ).toMatchObject({ cron: '30 18 * * 5' });
  });

  it('keeps a custom cron and an hours window', () => {
    expect(
      scheduleInputFrom({
        ...base,
        frequency: 'custom',
        cron: '0 6 * * 1-5',
        window: 'hours',
        hours: '24',
      }),
    ).toMatchObject({ cron: '0 6 * * 1-5', sinceLastDigest: false, sinceHours: 24 });
  });

  it('says what is wrong, in Arabic, instead of building a schedule', () => {
    const refusal = (values: Partial<ScheduleFormValues>) =>
      String(scheduleInputFrom({ ...base, ...values }));
    expect(refusal({ time: '25:00' })).toBe('اختر ساعة الإرسال.');
    expect(refusal({ subject: ' ' })).toBe('اكتب عنوان الرسالة.');
    expect(refusal({ frequency: 'custom', cron: '' })).toContain('<bdi dir="ltr">cron</bdi>');
    expect(refusal({ maxArticles: '99' })).toBe(
      `أكبر عدد من المقالات عدد صحيح من ${n(1)} إلى ${n(50)}.`,
    );
    expect(refusal({ window: 'hours', hours: '' })).toBe(
      `عدد الساعات عدد صحيح من ${n(1)} إلى ${n(744)}.`,
    );
  });

  it("holds minArticles to the schedules' own bound, the one the API and the service use", () => {
    expect(SCHEDULE_BOUNDS.minArticles.min).toBe(1);
    expect(String(scheduleInputFrom({ ...base, minArticles: '0' }))).toBe(
      `أقل عدد من المقالات عدد صحيح من ${n(1)} إلى ${n(50)}.`,
    );
    expect(scheduleInputFrom({ ...base, minArticles: '1' })).toMatchObject({ minArticles: 1 });
    expect(scheduleInputFrom({ ...base, minArticles: '' })).toMatchObject({ minArticles: 1 });
  });

  it('shows a stored simple cron as the choice it came from', () => {
    const form = scheduleFormFromSchedule({
      cron: '30 18 * * 5',
      timezone: 'Africa/Cairo',
      subject: 's',
      sinceLastDigest: true,
      sinceHours: null,
      maxArticles: 10,
      minArticles: 1,
      active: true,
    });
    expect(form).toMatchObject({ frequency: 'weekly', time: '18:30', weekday: '5' });
    expect(simpleCron('0 7 * * *')).toEqual({ hour: 7, minute: 0, weekday: null });
    expect(simpleCron('0 7 * * 1-5')).toBeNull();
    expect(simpleCron('0 25 * * *')).toBeNull();
  });
});
