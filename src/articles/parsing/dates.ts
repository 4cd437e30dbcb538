/**
 * Feed dates as sites really write them: RFC 822 and ISO 8601, and their deviations: day and month
 * names in Portuguese, Spanish, French, German, Italian or Arabic (Egyptian, Levantine and Maghrebi
 * month names), Arabic-Indic digits, missing seconds or zone (read as UTC), two-digit years (RFC
 * 2822: 00–49 are 2000–2049). Null when no day, month and year can be found, or the year is before
 * the web had feeds: the article then keeps the time it was first seen.
 */
export function parseFeedDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const cleaned = normalizeDigits(value).replace(/\s+/g, ' ').trim();
  if (!cleaned || cleaned.length > 100) return null;
  const parts = isoParts(cleaned) ?? wordParts(cleaned);
  if (!parts) return null;
  const { year, month, day, hour = 0, minute = 0, second = 0, offsetMinutes = 0 } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return null;
  }
  const time = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const date = new Date(time);
  // 31 February is not a date, whatever Date.UTC makes of it.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return year >= MIN_YEAR ? date : null;
}

/** The date as the article input carries it (ISO 8601), or undefined. */
export function isoDate(value: string): string | undefined {
  return parseFeedDate(value)?.toISOString();
}

/** Feeds began in the late 1990s; 0001-01-01 and the Unix epoch are a CMS's empty value. */
const MIN_YEAR = 1995;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  offsetMinutes?: number;
}

function normalizeDigits(value: string): string {
  return value
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0));
}

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)? ?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function isoParts(value: string): DateParts | null {
  const match = ISO.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, zone] = match;
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    offsetMinutes: zone ? (zoneOffset(zone) ?? 0) : 0,
  };
}

/**
 * Everything else, word by word: a month name, a time with colons, a zone, and two numbers (the
 * day, then the year, whichever order the words come in); day names and filler words («de»,
 * «à») are ignored.
 */
function wordParts(value: string): DateParts | null {
  let text = arabicLetters(value.toLowerCase());
  for (const [name, month] of TWO_WORD_MONTHS) text = text.replace(name, ` m${month} `);
  const tokens = text
    .replace(/(\d)(am|pm)\b/g, '$1 $2')
    .split(/[\s,،]+/)
    .filter(Boolean);
  let month: number | undefined;
  let time: { hour: number; minute: number; second: number } | undefined;
  let offsetMinutes: number | undefined;
  let afternoon: boolean | undefined;
  const numbers: string[] = [];
  for (const raw of tokens) {
    const token = raw.replace(/\.$/, '');
    const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?$/.exec(token);
    if (clock && !time) {
      time = { hour: Number(clock[1]), minute: Number(clock[2]), second: Number(clock[3] ?? 0) };
      continue;
    }
    // The last month name wins: «mar., 24 sept. 2018» starts with Tuesday (mardi), not March.
    if (/^m\d{1,2}$/.test(token)) {
      month = Number(token.slice(1));
      continue;
    }
    if (/^[+-]\d{2}:?\d{2}$/.test(token) && time) {
      offsetMinutes = zoneOffset(token) ?? 0;
      continue;
    }
    if (/^\d{1,4}(?:st|nd|rd|th|er|º|°|ª|م)?\.?$/.test(token)) {
      numbers.push(token.replace(/\D/g, ''));
      continue;
    }
    if (token === 'am' || token === 'pm') {
      afternoon = token === 'pm';
      continue;
    }
    const named = MONTHS.get(token.replace(/\.$/, ''));
    if (named !== undefined) {
      month = named;
      continue;
    }
    const zone = zoneOffset(token.toUpperCase());
    if (zone !== null && time) offsetMinutes = zone;
  }
  if (month === undefined || numbers.length < 2) return null;
  const yearIndex = numbers.findIndex((number) => number.length === 4);
  const year = yearIndex >= 0 ? Number(numbers[yearIndex]) : twoDigitYear(numbers[1]);
  const day = Number(numbers[yearIndex === 0 ? 1 : 0]);
  if (time && afternoon !== undefined && time.hour <= 12) {
    time.hour = (time.hour % 12) + (afternoon ? 12 : 0);
  }
  return { year, month, day, ...time, offsetMinutes };
}

function twoDigitYear(digits: string): number {
  const year = Number(digits);
  if (digits.length !== 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

const ZONES: Record<string, number> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  WET: 0,
  BST: 60,
  CET: 60,
  CEST: 120,
  MEZ: 60,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  BRT: -180,
  ART: -180,
};

/** Minutes east of UTC for "+0300", "-03:00", "+03", "GMT", "EDT"…; null for anything else. */
function zoneOffset(zone: string): number | null {
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = ZONES[zone.toUpperCase()];
  return named ?? null;
}

/** Hamza forms and tatweel vary from site to site: «إبريل», «أبريل» and «ابريل» are one month. */
function arabicLetters(text: string): string {
  return text
    .replace(/[أإآ]/g, 'ا')
    .replace(/ـ/g, '')
    .replace(/ى(?=\s|$)/g, 'ي');
}

const MONTH_NAMES: string[][] = [
  // English, Portuguese, Spanish, French, German, Italian, Dutch; Arabic (Egyptian, Maghrebi).
  'jan january janeiro ene enero janv janvier januar jän jänner gen gennaio januari يناير جانفي',
  'feb february fev fevereiro febrero fév févr février februar febbraio februari فبراير فيفري',
  'mar march março marco marzo mars mär märz mrz mrt maart مارس',
  'apr april abr abril avr avril aprile افريل ابريل',
  'may mai maio mayo mag maggio mei مايو مايه ماي',
  'jun june junho junio juin juni giu giugno يونيو يونيه جوان',
  'jul july julho julio juil juillet juli lug luglio يوليو يوليه جويليه جويلية',
  'aug august ago agosto août aout agosto augustus اغسطس غشت اوت',
  'sep sept september set setembro septiembre setiembre septembre settembre سبتمبر شتنبر',
  'oct october out outubro octubre octobre okt oktober ott ottobre اكتوبر',
  'nov november novembro noviembre novembre novembre نوفمبر نونبر',
  'dec december dez dezembro dic diciembre déc décembre dezember dicembre ديسمبر دجنبر',
].map((names) => names.split(' '));

const MONTHS = new Map<string, number>(
  MONTH_NAMES.flatMap((names, index) =>
    names.map((name) => [arabicLetters(name), index + 1] as [string, number]),
  ),
);

// The Levantine and Iraqi names, some of them two words; single ones are matched as words too.
const LEVANTINE = [
  'كانون الثاني',
  'شباط',
  'اذار',
  'نيسان',
  'ايار',
  'حزيران',
  'تموز',
  'اب',
  'ايلول',
  'تشرين الاول',
  'تشرين الثاني',
  'كانون الاول',
];
const TWO_WORD_MONTHS: [RegExp, number][] = LEVANTINE.map((name, index) => [
  new RegExp(`(?<![\\p{L}])${name}(?![\\p{L}])`, 'u'),
  index + 1,
]);
