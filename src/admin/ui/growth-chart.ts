import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, type SafeHtml } from '../../common/html.js';
import { arabicNumber } from '../../common/arabic-format.js';

export interface DayCount {
  day: string;
  count: number;
}

const WIDTH = 720;
const HEIGHT = 200;
const PAD = 28;

/**
 * New confirmed subscribers a day as an SVG bar chart: drawn on the server, so no script and no
 * chart library. Bars run right to left like the page: the newest day is on the left.
 */
export function growthChart(days: DayCount[]): SafeHtml {
  const max = Math.max(1, ...days.map((day) => day.count));
  const slot = (WIDTH - PAD * 2) / Math.max(days.length, 1);
  const bars = days.map((day, index) => {
    const height = Math.round(((HEIGHT - PAD * 2) * day.count) / max);
    const x = WIDTH - PAD - slot * (index + 1) + 2;
    const y = HEIGHT - PAD - height;
    return html`<rect x="${x.toFixed(1)}" y="${y}" width="${(slot - 4).toFixed(1)}" height="${height}" fill="#b3261e">
      <title>${arabicDay(day.day)}: ${arabicNumber(day.count)}</title>
    </rect>`;
  });
  const total = days.reduce((sum, day) => sum + day.count, 0);
  return html`<svg
    class="chart"
    direction="ltr"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    role="img"
    aria-label="المشتركون المؤكَّدون الجدد في آخر ${arabicCount(days.length, NOUNS.day)}: ${arabicNumber(total)}"
  >
    <line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD}" stroke="#a09aa8" />
    <text x="${WIDTH - PAD}" y="${HEIGHT - 8}" font-size="12" fill="#5f5b66" text-anchor="end">${days[0] ? arabicDay(days[0].day) : ''}</text>
    <text x="${PAD}" y="${HEIGHT - 8}" font-size="12" fill="#5f5b66">${days.length ? arabicDay(days[days.length - 1].day) : ''}</text>
    <text x="${WIDTH - PAD}" y="16" font-size="12" fill="#5f5b66" text-anchor="end">الأعلى: ${arabicNumber(max)}</text>
    ${bars}
  </svg>`;
}

const DAY = new Intl.DateTimeFormat('ar', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/** «٣ مايو» for 2026-05-03: the axis and the bars' tooltips read as the rest of the page. */
function arabicDay(day: string): string {
  return DAY.format(new Date(`${day}T00:00:00Z`));
}

/** The last `count` days (UTC dates, oldest first), filling days without signups with zero. */
export function lastDays(rows: { day: string; count: number | string }[], count = 30): DayCount[] {
  const byDay = new Map(rows.map((row) => [String(row.day).slice(0, 10), Number(row.count)]));
  const days: DayCount[] = [];
  const today = new Date();
  for (let back = count - 1; back >= 0; back--) {
    const day = new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    days.push({ day, count: byDay.get(day) ?? 0 });
  }
  return days;
}
