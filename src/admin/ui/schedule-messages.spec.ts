import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { describe, expect, it } from '@jest/globals';
import { ScheduleRefused } from '../../schedules/schedule-problems.js';
import {
  arabicDuration,
  scheduleProblemInArabic,
  scheduleRefusalInArabic,
} from './schedule-messages.js';

/** Digits as the pages write them (`Intl.NumberFormat('ar')`); the words are the point. */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);
const text = (value: unknown) => String(value).replace(/\s+/g, ' ');

describe('schedule refusals in Arabic', () => {
  it('measures a gap in the largest unit that fits, the noun agreeing with the number', () => {
    expect(arabicDuration(300)).toBe(`${n(5)} دقائق`);
    expect(arabicDuration(600)).toBe(`${n(10)} دقائق`);
    expect(arabicDuration(120)).toBe('دقيقتان');
    expect(arabicDuration(3600)).toBe('ساعة واحدة');
    expect(arabicDuration(5400)).toBe(`${n(90)} دقيقة`);
    expect(arabicDuration(86_400 * 3)).toBe(`${n(3)} أيام`);
    expect(arabicDuration(45)).toBe(`${n(45)} ثانية`);
  });

  it('says a too frequent cron in Arabic, naming the setting left to right', () => {
    const message = text(
      scheduleProblemInArabic({
        field: 'cron',
        code: 'too-frequent',
        gapSeconds: 300,
        minSeconds: 600,
      }),
    );
    expect(message).toContain(`أقصر فاصل بين نشرتين في هذا الجدول ${n(5)} دقائق`);
    expect(message).toContain(`يسمح به الخادم ${n(10)} دقائق`);
    expect(message).toContain('(<bdi dir="ltr">SCHEDULE_MIN_INTERVAL_SECONDS</bdi>)');
    expect(message).not.toMatch(/runs every/);
  });

  it('quotes what the editor typed left to right, escaped', () => {
    const message = text(
      scheduleProblemInArabic({ field: 'cron', code: 'cron-fields', cron: '0 7 <b>' }),
    );
    expect(message).toContain('<bdi dir="ltr">0 7 &lt;b&gt;</bdi>');
    const placeholders = text(
      scheduleProblemInArabic({
        field: 'subject',
        code: 'unknown-placeholder',
        placeholders: ['name', 'city'],
      }),
    );
    expect(placeholders).toContain('<bdi dir="ltr">{{name}}</bdi>، <bdi dir="ltr">{{city}}</bdi>');
  });

  it('turns the service’s refusals into a 422 or 404 with Arabic text, and rethrows our faults', () => {
    const refused = scheduleRefusalInArabic(
      new ScheduleRefused({ field: 'list', code: 'unknown-list', slug: 'nope' }),
    );
    expect(refused.status).toBe(422);
    expect(text(refused.reason)).toContain('القائمة <bdi dir="ltr">nope</bdi> غير موجودة');
    expect(scheduleRefusalInArabic(new NotFoundException('No schedule')).status).toBe(404);
    expect(() => scheduleRefusalInArabic(new ServiceUnavailableException())).toThrow();
    expect(() => scheduleRefusalInArabic(new Error('redis down'))).toThrow('redis down');
  });
});
