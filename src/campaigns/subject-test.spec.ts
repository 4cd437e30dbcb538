import { describe, expect, it } from '@jest/globals';
import { testGroupOf, winnerByClicks } from './subject-test.js';
describe('testGroupOf', () => {
  const test = { subjects: ['أ', 'ب', 'ج'], sharePercent: 10 };

  it('draws each subject about its share of the list, the rest for the winner', () => {
    const counts = [0, 0, 0, 0];
    for (let id = 1; id <= 30_000; id++) counts[testGroupOf(7, id, test) ?? 3]++;
    for (const group of [0, 1, 2]) {
      expect(counts[group]).toBeGreaterThan(2_700);
      expect(counts[group]).toBeLessThan(3_300);
    }
    expect(counts[3]).toBeGreaterThan(20_000);
  });

  it('gives a reader the same group each time, and another draw in another campaign', () => {
    const groups = (campaignId: number) =>
      Array.from({ length: 200 }, (_, id) => testGroupOf(campaignId, id, test));
    expect(groups(7)).toEqual(groups(7));
    expect(groups(8)).not.toEqual(groups(7));
  });
});

describe('winnerByClicks', () => {
  it('compares the share of each group that clicked, not the counts', () => {
    expect(
      winnerByClicks([
        { group: 0, sent: 1000, readers: 50 },
        { group: 1, sent: 400, readers: 30 },
      ]),
    ).toBe(1);
  });

  it('keeps the earlier subject on a tie, and the first when nobody clicked', () => {
    const tie = [
      { group: 1, sent: 100, readers: 5 },
      { group: 0, sent: 100, readers: 5 },
    ];
    expect(winnerByClicks(tie)).toBe(0);
    expect(
      winnerByClicks([
        { group: 0, sent: 100, readers: 0 },
        { group: 1, sent: 0, readers: 0 },
      ]),
    ).toBe(0);
  });
});
