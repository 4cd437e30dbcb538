/** How the pages write numbers and times for Arabic readers. */
const NUMBER = new Intl.NumberFormat('ar');

/** Numbers as Arabic readers of the site's locale write them. */
export function arabicNumber(value: number): string {
  return NUMBER.format(value);
}

/** A time as an Arabic reader reads it, in the given zone (the site's: DIGEST_TIMEZONE). */
export function arabicTime(value: Date | string | null, timeZone: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('ar', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(value));
}
