import { formatDigestDate } from './digest-date.js';

describe('formatDigestDate', () => {
  const date = new Date('2026-11-24T05:00:00Z');

  it('writes the date as the fixture site does', () => {
    expect(formatDigestDate(date, { locale: 'ar', digits: 'latn', timeZone: 'Asia/Baghdad' })).toBe(
      'الثلاثاء 24 نوفمبر 2026',
    );
  });

  it('follows the configured digits, month names and time zone', () => {
    expect(formatDigestDate(date, { locale: 'ar', digits: 'arab', timeZone: 'Asia/Baghdad' })).toBe(
      'الثلاثاء ٢٤ نوفمبر ٢٠٢٦',
    );
    expect(
      formatDigestDate(date, { locale: 'ar-IQ', digits: 'latn', timeZone: 'Asia/Baghdad' }),
    ).toBe('الثلاثاء 24 تشرين الثاني 2026');
    expect(
      formatDigestDate(new Date('2026-11-23T22:30:00Z'), {
        locale: 'ar',
        digits: 'latn',
        timeZone: 'Asia/Baghdad',
      }),
    ).toBe('الثلاثاء 24 نوفمبر 2026');
  });
});
