/**
 * Arabic nouns agree with the number before them: دقيقة واحدة، دقيقتان، ٣ دقائق، ١١ دقيقة، ١٠٠ دقيقة.
 * `Intl.PluralRules('ar')` names the forms (one, two, few = 3–10, many = 11–99, other = 100, 0…),
 * so hundreds and thousands come out right too («١٠٣ دقائق», «١١٢ يوماً», «٢٠٠ يوم»).
 */
export interface ArabicNoun {
  /** The noun alone, for one: «دقيقة واحدة». */
  one: string;
  /** The dual, which carries the number itself: «دقيقتان». */
  two: string;
  /** After 3–10 (and 103–110…): «دقائق». */
  few: string;
  /** After 11–99 (accusative singular): «دقيقة», «يوماً». */
  many: string;
  /** After hundreds, thousands and 0 (genitive singular): «١٠٠ دقيقة», «١٬٠٠٠ يوم». */
  other: string;
}

const RULES = new Intl.PluralRules('ar');
const NUMBER = new Intl.NumberFormat('ar');

export function arabicCount(value: number, noun: ArabicNoun): string {
  switch (RULES.select(value)) {
    case 'one':
      return noun.one;
    case 'two':
      return noun.two;
    case 'few':
      return `${NUMBER.format(value)} ${noun.few}`;
    case 'many':
      return `${NUMBER.format(value)} ${noun.many}`;
    default:
      return `${NUMBER.format(value)} ${noun.other}`;
  }
}

/** The nouns the pages count. */
export const NOUNS = {
  minute: { one: 'دقيقة واحدة', two: 'دقيقتان', few: 'دقائق', many: 'دقيقة', other: 'دقيقة' },
  hour: { one: 'ساعة واحدة', two: 'ساعتان', few: 'ساعات', many: 'ساعة', other: 'ساعة' },
  day: { one: 'يوم واحد', two: 'يومان', few: 'أيام', many: 'يوماً', other: 'يوم' },
  second: { one: 'ثانية واحدة', two: 'ثانيتان', few: 'ثوانٍ', many: 'ثانية', other: 'ثانية' },
  article: { one: 'مقالة واحدة', two: 'مقالتان', few: 'مقالات', many: 'مقالة', other: 'مقالة' },
  subscriber: { one: 'مشترك واحد', two: 'مشتركان', few: 'مشتركين', many: 'مشتركاً', other: 'مشترك' },
  reader: { one: 'قارئ واحد', two: 'قارئان', few: 'قرّاء', many: 'قارئاً', other: 'قارئ' },
  message: { one: 'رسالة واحدة', two: 'رسالتان', few: 'رسائل', many: 'رسالة', other: 'رسالة' },
  row: { one: 'سطر واحد', two: 'سطران', few: 'أسطر', many: 'سطراً', other: 'سطر' },
  character: { one: 'حرف واحد', two: 'حرفان', few: 'أحرف', many: 'حرفاً', other: 'حرف' },
} satisfies Record<string, ArabicNoun>;
