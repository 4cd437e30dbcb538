import { arabicCount, NOUNS } from './arabic-count.js';

/** The digits are whatever the pages use for Arabic (`Intl.NumberFormat('ar')`); the nouns are the point. */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);

describe('arabicCount', () => {
  it.each([
    [1, 'دقيقة واحدة'],
    [2, 'دقيقتان'],
    [3, `${n(3)} دقائق`],
    [10, `${n(10)} دقائق`],
    [11, `${n(11)} دقيقة`],
    [99, `${n(99)} دقيقة`],
    [100, `${n(100)} دقيقة`],
    [103, `${n(103)} دقائق`],
    [1440, `${n(1440)} دقيقة`],
  ])('%d minutes read «%s»', (value, expected) => {
    expect(arabicCount(value, NOUNS.minute)).toBe(expected);
  });

  it('puts the accusative on 11–99 and the genitive after hundreds and thousands', () => {
    expect(arabicCount(25, NOUNS.subscriber)).toBe(`${n(25)} مشتركاً`);
    expect(arabicCount(112, NOUNS.day)).toBe(`${n(112)} يوماً`);
    expect(arabicCount(100, NOUNS.subscriber)).toBe(`${n(100)} مشترك`);
    expect(arabicCount(1000, NOUNS.day)).toBe(`${n(1000)} يوم`);
    expect(arabicCount(5, NOUNS.subscriber)).toBe(`${n(5)} مشتركين`);
  });
});
