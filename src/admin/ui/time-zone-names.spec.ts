import { describe, expect, it } from '@jest/globals';
import { isTimeZone } from '../../schedules/cron.js';
import {
  ARAB_WORLD_ZONES,
  arabicZoneName,
  OTHER_ZONES,
  utcOffsetLabel,
  zoneChoices,
  zoneLabel,
} from './time-zone-names.js';

/** Digits as the pages write them (`Intl.NumberFormat('ar')`); the words are the point. */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);
const JANUARY = new Date('2026-01-15T12:00:00Z');
const JULY = new Date('2026-07-15T12:00:00Z');

describe('time zones by their Arabic names', () => {
  it('names the zones by city and country, once for city-states', () => {
    expect(arabicZoneName('Asia/Baghdad')).toBe('بغداد (العراق)');
    expect(arabicZoneName('Africa/Casablanca')).toBe('الدار البيضاء (المغرب)');
    expect(arabicZoneName('Asia/Kuwait')).toBe('الكويت');
    expect(arabicZoneName('Europe/London')).toBe('لندن (بريطانيا)');
    expect(arabicZoneName('Asia/Ulaanbaatar')).toBeNull();
    expect(arabicZoneName('constructor')).toBeNull();
  });

  it('covers the Arab world, and every zone it offers is one the schedules accept', () => {
    for (const zone of [
      'Asia/Riyadh',
      'Africa/Cairo',
      'Asia/Gaza',
      'Asia/Hebron',
      'Indian/Comoro',
    ]) {
      expect(Object.keys(ARAB_WORLD_ZONES)).toContain(zone);
    }
    for (const zone of [...Object.keys(ARAB_WORLD_ZONES), ...Object.keys(OTHER_ZONES)]) {
      expect([zone, isTimeZone(zone)]).toEqual([zone, true]);
      expect(arabicZoneName(zone)).not.toMatch(/[A-Za-z]/);
    }
  });

  it('writes the offset from universal time in Arabic digits, summer time included', () => {
    expect(utcOffsetLabel('Asia/Baghdad', JANUARY)).toBe(`ت ع م+${n(3)}`);
    expect(utcOffsetLabel('Asia/Kolkata', JANUARY)).toBe(`ت ع م+${n(5)}:${n(30)}`);
    expect(utcOffsetLabel('America/New_York', JANUARY)).toBe(`ت ع م-${n(5)}`);
    expect(utcOffsetLabel('Europe/London', JANUARY)).toBe('ت ع م');
    expect(utcOffsetLabel('Europe/London', JULY)).toBe(`ت ع م+${n(1)}`);
    expect(utcOffsetLabel('UTC', JULY)).toBe('ت ع م');
  });

  it('offers the Arab world first, each zone with its name and offset, keeping an unlisted one', () => {
    const choices = zoneChoices('Asia/Ulaanbaatar', JANUARY);
    expect(choices.arabWorld[0]).toEqual({
      zone: 'Asia/Baghdad',
      label: `بغداد (العراق) — ت ع م+${n(3)}`,
      ltr: false,
    });
    expect(choices.others[0]).toMatchObject({
      zone: 'UTC',
      label: 'التوقيت العالمي المنسّق — ت ع م',
    });
    expect(choices.unlisted).toEqual({
      zone: 'Asia/Ulaanbaatar',
      label: 'Asia/Ulaanbaatar',
      ltr: true,
    });
    expect(zoneChoices('Asia/Baghdad', JANUARY).unlisted).toBeNull();
  });

  it('shows a zone without an Arabic name as its id, left to right and escaped', () => {
    expect(String(zoneLabel('Asia/Dubai'))).toBe('دبي (الإمارات)');
    expect(String(zoneLabel('Asia/Ulaanbaatar'))).toBe('<bdi dir="ltr">Asia/Ulaanbaatar</bdi>');
    expect(String(zoneLabel('<b>'))).toBe('<bdi dir="ltr">&lt;b&gt;</bdi>');
  });
});
