import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import { arabicNumber } from '../../common/arabic-format.js';

/**
 * Why a feed could not be read, in Arabic. The poller stores the reason as safeFetch, Node and the
 * parser word it in English (the API returns it as is); the page reads it here, so rows written
 * before this translation read in Arabic too. Offending values (an address, a status code, a
 * content type) are quoted left to right. A reason not known here is shown as a technical detail.
 */
export function feedErrorInArabic(reason: string): SafeHtml {
  for (const [pattern, explain] of EXPLANATIONS) {
    const match = pattern.exec(reason);
    if (match) return explain(match);
  }
  return html`تعذّرت قراءة الخلاصة. التفاصيل التقنية: ${ltr(reason.slice(0, 200))}`;
}

/** Ranges a feed on the editors' own network may sit in; FEED_ALLOW_PRIVATE lets them through. */
const INTERNAL_RANGES = new Set([
  'private',
  'linkLocal',
  'uniqueLocal',
  'carrierGradeNat',
  'unspecified',
]);

const ALLOW_PRIVATE_HINT = html`لا تقرأ الخدمة خلاصات من شبكة داخلية حمايةً لها. فإن كانت هذه
  الخلاصة على شبكتكم أنتم، فليضبط من يشغّل الخدمة ${ltr('FEED_ALLOW_PRIVATE=true')} ثم يُعِد
  تشغيلها.`;

function refusedAddress([, host, address, range]: RegExpExecArray): SafeHtml {
  const where = host
    ? html`يشير النطاق ${ltr(host)} إلى العنوان ${ltr(address)}`
    : html`العنوان ${ltr(address)}`;
  if (range === 'loopback') {
    return html`رُفضت القراءة: ${where}، وهو عنوان الجهاز الذي تعمل عليه الخدمة نفسه.
      ${ALLOW_PRIVATE_HINT}`;
  }
  if (INTERNAL_RANGES.has(range)) {
    return html`رُفضت القراءة: ${where}، وهو عنوان في شبكة داخلية. ${ALLOW_PRIVATE_HINT}`;
  }
  return html`رُفضت القراءة: ${where}، وهو عنوان محجوز لا تُقرأ منه الخلاصات.`;
}

function httpStatus([, code]: RegExpExecArray): SafeHtml {
  const status = Number(code);
  const quoted = html`(الرمز ${ltr(code)})`;
  if (status === 404 || status === 410) {
    return html`لم يجد الخادم خلاصة على هذا الرابط ${quoted}. تحقّق من الرابط.`;
  }
  if (status === 401 || status === 403) {
    return html`رفض الخادم إعطاء الخلاصة ${quoted}: لعلّها محمية، أو يحجب الموقع القرّاء الآليين.`;
  }
  if (status === 429) {
    return html`طلب الخادم الإبطاء ${quoted}، وستُعاد المحاولة في القراءة التالية.`;
  }
  if (status >= 500) {
    return html`خطأ في خادم الموقع ${quoted}، وستُعاد المحاولة في القراءة التالية.`;
  }
  return html`ردّ الخادم بغير الخلاصة ${quoted}.`;
}

function contentType([, type]: RegExpExecArray): SafeHtml {
  if (type === 'none') return html`لم يذكر الخادم نوع ما أعاده، فلم يُعامَل خلاصةً.`;
  if (/^text\/html\b/i.test(type)) {
    return html`أعاد الرابط صفحة ويب لا خلاصة (${ltr(type)}): لعلّه رابط الموقع نفسه لا رابط
      خلاصته.`;
  }
  return html`أعاد الرابط محتوى ليس خلاصة (${ltr(type)}).`;
}

function tooLarge(match: RegExpExecArray): SafeHtml {
  const limit = Number(match[2] ?? match[3]);
  const megabytes = Math.max(1, Math.round(limit / (1024 * 1024)));
  return html`الخلاصة أكبر من الحد المسموح (${arabicNumber(megabytes)} ميغابايت).`;
}

const EXPLANATIONS: [RegExp, (match: RegExpExecArray) => SafeHtml][] = [
  // safeFetch's address policy, on a literal address or on what a name resolves to.
  [/^refused: (?:(\S+) resolves to )?(\S+) is an? (\w+) address$/, refusedAddress],
  [
    /^refused: only http and https, not (\S+)$/,
    ([, scheme]) =>
      html`رُفضت القراءة: حوّل الخادم الطلب إلى رابط من نوع ${ltr(scheme)}، ولا يُقبل إلا
        ${ltr('http')} و${ltr('https')}.`,
  ],
  [
    /^HTTP (\d{3}) without a Location$/,
    ([, code]) => html`ردّ الخادم بتحويل (الرمز ${ltr(code)}) دون أن يذكر وجهته.`,
  ],
  [
    /^more than \d+ redirects$/,
    () => html`حوّل الخادم الطلب من رابط إلى آخر مرات أكثر من المسموح، فتُرك.`,
  ],
  [/^HTTP (\d{3})$/, httpStatus],
  [/^wrong content type: (.+)$/, contentType],
  [
    /^timed out after (\d+) s$/,
    ([, seconds]) =>
      html`لم يُجب الخادم خلال ${arabicCount(Number(seconds), NOUNS.second)}، وستُعاد المحاولة
        في القراءة التالية.`,
  ],
  [/^timed out reading the body$/, () => html`بدأ الخادم إرسال الخلاصة ولم يُتمّه في الوقت المسموح.`],
  [/^too large: (?:(\d+) bytes \(limit (\d+)\)|over (\d+) bytes)$/, tooLarge],
  [/^connection closed early$/, () => html`انقطع الاتصال قبل أن تكتمل الخلاصة.`],
  [/^not a URL/, () => html`رابط الخلاصة غير صالح.`],
  // Node's own network errors, as safeFetch passes them on.
  [/\bENOTFOUND (\S+)/, ([, host]) => html`لا وجود للنطاق ${ltr(host)}: تحقّق من كتابة الرابط.`],
  [
    /\bEAI_AGAIN (\S+)/,
    ([, host]) =>
      html`تعذّر الاستعلام عن النطاق ${ltr(host)} مؤقتاً، وستُعاد المحاولة في القراءة التالية.`,
  ],
  [
    /\bECONNREFUSED (\S+)/,
    ([, address]) => html`رفض الخادم ${ltr(address)} الاتصال: لعلّ الموقع متوقف.`,
  ],
  [/\bECONNRESET\b|socket hang up/, () => html`قطع الخادم الاتصال قبل أن يجيب.`],
  [
    /\b(ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/,
    () => html`تعذّر الوصول إلى الخادم، وستُعاد المحاولة في القراءة التالية.`,
  ],
  [
    /certificate|\bCERT_|\bSSL\b|\bTLS\b/i,
    () => html`شهادة الأمان التي قدّمها الموقع غير صالحة، فلم تُقرأ الخلاصة.`,
  ],
  // The parser's reasons.
  [
    /^the feed declares XML entities/,
    () => html`تعلن الخلاصة كيانات ${ltr('XML')}، وهي مرفوضة لأنها قد تُغرق الخدمة.`,
  ],
  [
    /^the feed is not well-formed XML: .*\(line (\d+)\)$/,
    ([, line]) =>
      html`الخلاصة ليست ${ltr('XML')} سليماً: فيها خطأ في السطر ${arabicNumber(Number(line))}.`,
  ],
  [/^the feed is not well-formed XML/, () => html`الخلاصة ليست ${ltr('XML')} سليماً.`],
  [
    /^the document is neither RSS, Atom(?:, JSON Feed)? nor a WordPress posts list$/,
    () =>
      html`ما أعاده الرابط ليس خلاصة ${ltr('RSS')} ولا ${ltr('Atom')} ولا ${ltr('JSON Feed')} ولا
        قائمة مقالات ووردبريس.`,
  ],
  [/^the JSON could not be parsed$/, () => html`أعاد الرابط ${ltr('JSON')} تالفاً.`],
  [
    /^a WordPress feed is a JSON array of posts$|^the JSON is neither a JSON Feed nor a WordPress posts list$/,
    () => html`أعاد الرابط ${ltr('JSON')} ليس خلاصة ${ltr('JSON Feed')} ولا قائمة مقالات ووردبريس.`,
  ],
  [
    /^the JSON Feed has no version/,
    () =>
      html`قال الخادم إنها خلاصة ${ltr('JSON Feed')}، لكنها لا تذكر نسختها
        (${ltr('https://jsonfeed.org/version/1.1')}).`,
  ],
];
