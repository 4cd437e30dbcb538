import { willGoTo } from './campaign-audience.js';

const n = (value: number) => new Intl.NumberFormat('ar').format(value);

describe('willGoTo', () => {
  it.each([
    [0, 'لا مشتركين مؤكَّدين في القائمة بعد'],
    [1, 'ستُرسل إلى مشترك واحد'],
    // The dual after a preposition is genitive.
    [2, 'ستُرسل إلى مشتركَين'],
    [7, `ستُرسل إلى ${n(7)} مشتركين`],
    [12, `ستُرسل إلى ${n(12)} مشتركاً`],
    [1234, `ستُرسل إلى ${n(1234)} مشتركاً`],
  ])('%d reads «%s»', (count, expected) => {
    expect(willGoTo(count)).toBe(expected);
  });
});
