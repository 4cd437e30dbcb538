export interface DigestDateStyle {
  /** "ar" writes «نوفمبر»; "ar-IQ" or "ar-SY" write «تشرين الثاني». */
  locale: string;
  /** "latn": 24, 2026 (as the fixture site writes); "arab": ٢٤، ٢٠٢٦. */
  digits: 'latn' | 'arab';
  timeZone: string;
}

/** «الثلاثاء 24 نوفمبر 2026»: weekday, day, month and year, as Arabic news sites date an issue. */
export function formatDigestDate(date: Date, style: DigestDateStyle): string {
  const parts = new Intl.DateTimeFormat(style.locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: style.timeZone,
    numberingSystem: style.digits,
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}
