import { html, ltr, type SafeHtml } from '../../common/html.js';
import { arabicNumber } from '../../common/arabic-format.js';

interface ZoneName {
  city: string;
  country?: string;
}

/**
 * The zones an editor picks from, by the city and country an Arabic reader knows them by (Intl
 * names zones only as «التوقيت العربي الرسمي» and the like, the same for Baghdad and Kuwait). The
 * Arab world comes first, then the universal time and the cities where Arabic news is read abroad.
 * The value stored stays the IANA id.
 */
export const ARAB_WORLD_ZONES: Record<string, ZoneName> = {
  'Asia/Baghdad': { city: 'بغداد', country: 'العراق' },
  'Asia/Riyadh': { city: 'الرياض', country: 'السعودية' },
  'Africa/Cairo': { city: 'القاهرة', country: 'مصر' },
  'Asia/Dubai': { city: 'دبي', country: 'الإمارات' },
  'Asia/Amman': { city: 'عمّان', country: 'الأردن' },
  'Asia/Beirut': { city: 'بيروت', country: 'لبنان' },
  'Asia/Damascus': { city: 'دمشق', country: 'سوريا' },
  'Asia/Jerusalem': { city: 'القدس', country: 'فلسطين' },
  'Asia/Gaza': { city: 'غزة', country: 'فلسطين' },
  'Asia/Hebron': { city: 'الخليل', country: 'فلسطين' },
  'Africa/Casablanca': { city: 'الدار البيضاء', country: 'المغرب' },
  'Africa/Algiers': { city: 'الجزائر' },
  'Africa/Tunis': { city: 'تونس' },
  'Africa/Tripoli': { city: 'طرابلس', country: 'ليبيا' },
  'Africa/Khartoum': { city: 'الخرطوم', country: 'السودان' },
  'Asia/Kuwait': { city: 'الكويت' },
  'Asia/Qatar': { city: 'الدوحة', country: 'قطر' },
  'Asia/Bahrain': { city: 'المنامة', country: 'البحرين' },
  'Asia/Muscat': { city: 'مسقط', country: 'عُمان' },
  'Asia/Aden': { city: 'عدن', country: 'اليمن' },
  'Africa/Nouakchott': { city: 'نواكشوط', country: 'موريتانيا' },
  'Africa/Mogadishu': { city: 'مقديشو', country: 'الصومال' },
  'Africa/Djibouti': { city: 'جيبوتي' },
  'Indian/Comoro': { city: 'موروني', country: 'جزر القمر' },
};

export const OTHER_ZONES: Record<string, ZoneName> = {
  UTC: { city: 'التوقيت العالمي المنسّق' },
  'Europe/London': { city: 'لندن', country: 'بريطانيا' },
  'Europe/Paris': { city: 'باريس', country: 'فرنسا' },
  'Europe/Berlin': { city: 'برلين', country: 'ألمانيا' },
  'Europe/Brussels': { city: 'بروكسل', country: 'بلجيكا' },
  'Europe/Amsterdam': { city: 'أمستردام', country: 'هولندا' },
  'Europe/Madrid': { city: 'مدريد', country: 'إسبانيا' },
  'Europe/Rome': { city: 'روما', country: 'إيطاليا' },
  'Europe/Stockholm': { city: 'ستوكهولم', country: 'السويد' },
  'Europe/Athens': { city: 'أثينا', country: 'اليونان' },
  'Asia/Nicosia': { city: 'نيقوسيا', country: 'قبرص' },
  'Europe/Istanbul': { city: 'إسطنبول', country: 'تركيا' },
  'Europe/Moscow': { city: 'موسكو', country: 'روسيا' },
  'Asia/Tehran': { city: 'طهران', country: 'إيران' },
  'Asia/Kabul': { city: 'كابل', country: 'أفغانستان' },
  'Asia/Karachi': { city: 'كراتشي', country: 'باكستان' },
  'Asia/Kolkata': { city: 'كولكاتا', country: 'الهند' },
  'Asia/Dhaka': { city: 'دكا', country: 'بنغلاديش' },
  'Asia/Kuala_Lumpur': { city: 'كوالالمبور', country: 'ماليزيا' },
  'Asia/Jakarta': { city: 'جاكرتا', country: 'إندونيسيا' },
  'Asia/Shanghai': { city: 'شنغهاي', country: 'الصين' },
  'Asia/Tokyo': { city: 'طوكيو', country: 'اليابان' },
  'Australia/Sydney': { city: 'سيدني', country: 'أستراليا' },
  'Africa/Nairobi': { city: 'نيروبي', country: 'كينيا' },
  'Africa/Addis_Ababa': { city: 'أديس أبابا', country: 'إثيوبيا' },
  'Africa/Lagos': { city: 'لاغوس', country: 'نيجيريا' },
  'Africa/Johannesburg': { city: 'جوهانسبرغ', country: 'جنوب أفريقيا' },
  'America/New_York': { city: 'نيويورك', country: 'الولايات المتحدة' },
  'America/Chicago': { city: 'شيكاغو', country: 'الولايات المتحدة' },
  'America/Los_Angeles': { city: 'لوس أنجلوس', country: 'الولايات المتحدة' },
  'America/Toronto': { city: 'تورونتو', country: 'كندا' },
  'America/Sao_Paulo': { city: 'ساو باولو', country: 'البرازيل' },
};

const NAMES: Record<string, ZoneName> = { ...ARAB_WORLD_ZONES, ...OTHER_ZONES };

/** «بغداد (العراق)», «الكويت», or null for a zone without an Arabic name here. */
export function arabicZoneName(zone: string): string | null {
  const name = Object.hasOwn(NAMES, zone) ? NAMES[zone] : undefined;
  if (!name) return null;
  return name.country ? `${name.city} (${name.country})` : name.city;
}

/** A zone wherever a page shows it: its Arabic name, or its id left to right. */
export function zoneLabel(zone: string): SafeHtml {
  const name = arabicZoneName(zone);
  return name ? html`${name}` : ltr(zone);
}

/**
 * The zone's distance from universal time at that instant, as Arabic dashboards write it:
 * «ت ع م+٣», «ت ع م+٥:٣٠», «ت ع م-٤», «ت ع م» for none. Summer time counts, so London reads +١ in July.
 */
export function utcOffsetLabel(zone: string, at: Date): string {
  const minutes = offsetMinutes(zone, at);
  if (minutes === 0) return 'ت ع م';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  const clock = rest ? `${arabicNumber(hours)}:${TWO_DIGITS.format(rest)}` : arabicNumber(hours);
  return `ت ع م${sign}${clock}`;
}

const TWO_DIGITS = new Intl.NumberFormat('ar', { minimumIntegerDigits: 2 });

function offsetMinutes(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  // «GMT+03:00», «GMT-03:30», or plain «GMT» at zero.
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

export interface ZoneOption {
  zone: string;
  /** «بغداد (العراق) — ت ع م+٣»; for a zone without an Arabic name, its id. */
  label: string;
  /** A zone known only by its id reads left to right. */
  ltr: boolean;
}

/**
 * The form's choices in two groups: the Arab world, then the rest. A zone the schedule already
 * has but the list lacks (set through the API) is kept, first, so saving the form keeps it.
 */
export function zoneChoices(
  current: string,
  at: Date,
): { arabWorld: ZoneOption[]; others: ZoneOption[]; unlisted: ZoneOption | null } {
  const option = (zone: string): ZoneOption => {
    const name = arabicZoneName(zone);
    return name
      ? { zone, label: `${name} — ${utcOffsetLabel(zone, at)}`, ltr: false }
      : { zone, label: zone, ltr: true };
  };
  return {
    arabWorld: Object.keys(ARAB_WORLD_ZONES).map(option),
    others: Object.keys(OTHER_ZONES).map(option),
    unlisted: current && !Object.hasOwn(NAMES, current) ? option(current) : null,
  };
}
