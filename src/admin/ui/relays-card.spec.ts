import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import type { RelayStatusRow } from '../../delivery/relays/relay-status.js';
import { overviewView, type OverviewModel } from './overview-view.js';
import { relaysCard } from './relays-card.js';

const ZONE = 'Asia/Baghdad';

/** The markup's words as read: tags gone, spaces folded. */
const words = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** One table row's cells, as read. */
function cells(markup: string, label: string): string[] {
  const row = new RegExp(`<tr\\s+data-relay="${label}"[^>]*>([\\s\\S]*?)</tr>`).exec(markup);
  if (!row) throw new Error(`no row for ${label}`);
  return [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => words(cell[1]!));
}

const relay = (label: string, fields: Partial<RelayStatusRow> = {}): RelayStatusRow => ({
  label,
  weight: 1,
  rate: 0,
  downUntil: null,
  messages: { sent: 0, refused: 0, failed: 0 },
  ...fields,
});

describe('the relays card', () => {
  const downUntil = new Date('2026-05-14T06:45:00Z');
  const markup = relaysCard(
    [
      relay('mx1.example.net:587', {
        weight: 3,
        rate: 50,
        messages: { sent: 1204, refused: 7, failed: 0 },
      }),
      relay('10.0.0.2:25', { downUntil, messages: { sent: 310, refused: 0, failed: 12 } }),
      relay('slow.example.net:465', { rate: 2 }),
    ],
    ZONE,
  ).value;

  it('gives each relay a row: label, weight, rate, state and its messages by outcome', () => {
    expect(words(markup)).toContain('الخادم الوزن السرعة القصوى الحال أُرسلت رُفضت فشل الاتصال');
    expect(cells(markup, 'mx1.example.net:587')).toEqual([
      'mx1.example.net:587',
      arabicNumber(3),
      `${arabicNumber(50)} رسالة في الثانية`,
      'يعمل',
      arabicNumber(1204),
      arabicNumber(7),
      arabicNumber(0),
    ]);
    expect(cells(markup, 'slow.example.net:465')[2]).toBe('رسالتان في الثانية');
  });

  it('a relay with no rate has none, and a relay down says until when, in the editors’ zone', () => {
    const row = cells(markup, '10.0.0.2:25');
    expect(row[2]).toBe('بلا حد');
    // 06:45 UTC is 09:45 in Baghdad.
    expect(row[3]).toBe(`متوقف حتى ${arabicTime(downUntil, ZONE)}`);
    expect(row[3]).toContain(`${arabicNumber(9)}:${arabicNumber(45)}`);
    expect(row[3]).not.toContain(`${arabicNumber(6)}:${arabicNumber(45)}`);
    expect(row.slice(4)).toEqual([310, 0, 12].map(arabicNumber));
    expect(markup).toMatch(/data-relay="10\.0\.0\.2:25"\s+data-status="down"/);
    expect(markup).toMatch(/data-relay="mx1\.example\.net:587"\s+data-status="up"/);
    expect(markup).toContain(`datetime="${downUntil.toISOString()}"`);
  });

  it('keeps the Latin host names left to right', () => {
    expect(markup).toContain('<bdi dir="ltr">mx1.example.net:587</bdi>');
    expect(markup).toContain('<bdi dir="ltr">10.0.0.2:25</bdi>');
  });

  it('says when the relays could not be read, without a table', () => {
    const unread = relaysCard(null, ZONE).value;
    expect(words(unread)).toBe(
      'خوادم الإرسال تعذّرت قراءة حال الخوادم الآن. أعد تحميل الصفحة بعد قليل.',
    );
    expect(unread).not.toContain('<table');
  });
});

describe('the overview with and without SMTP_URLS', () => {
  const model: OverviewModel = {
    counts: { pending: 0, confirmed: 0, unsubscribed: 0 },
    growth: [],
    campaigns: [],
    feeds: [],
    timeZone: ZONE,
  };

  it('shows the card only when there are relays to show', () => {
    expect(overviewView(model).value).not.toContain('خوادم الإرسال');
    const withRelays = overviewView({ ...model, relays: [relay('a.example:25')] }).value;
    expect(withRelays).toContain('data-section="relays"');
    expect(withRelays).toContain('data-relay="a.example:25"');
    expect(overviewView({ ...model, relays: null }).value).toContain('data-field="relays-unread"');
  });
});
