import { describe, expect, it } from '@jest/globals';
import {
  scheduleFormFromSchedule,
  scheduleInputFrom,
  type ScheduleFormValues,
} from './schedule-form.js';

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
    expect(scheduleInputFrom({ ...base, time: '25:00' })).toBe('اختر ساعة الإرسال.');
    expect(scheduleInputFrom({ ...base, subject: ' ' })).toBe('اكتب عنوان الرسالة.');
    expect(scheduleInputFrom({ ...base, maxArticles: '99' })).toBe('أقصى عدد للمقالات بين 1 و50.');
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
  });
});
