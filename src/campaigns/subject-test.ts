import { createHash } from 'node:crypto';

/**
 * A subject test: two to four subjects, each sent to its own random share of the list; after the
 * wait, one is chosen (by the editor, or by unique clicks) and the rest of the list gets it.
 */
export const SUBJECT_TEST_LIMITS = {
  subjects: { min: 2, max: 4 },
  /** Each test subject's share of the list, in whole percent. */
  sharePercent: { min: 1, max: 45, default: 10 },
  /** The test groups together take at most this much: the rest of the list is what is won. */
  testedPercent: { max: 90 },
  /** How long after the test messages went out the choice is made, in minutes (up to a week). */
  waitMinutes: { max: 7 * 24 * 60, default: 240 },
} as const;

export const SUBJECT_CHOOSERS = ['editor', 'clicks'] as const;
export type SubjectChooser = (typeof SUBJECT_CHOOSERS)[number];

/** A campaign's test, as stored with it (campaigns.subject_test, JSON). */
export interface SubjectTest {
  subjects: string[];
  sharePercent: number;
  waitMinutes: number;
  choose: SubjectChooser;
}

/** Where a test stands: not started, test groups sending, waiting for the choice, decided. */
export type SubjectTestPhase = 'draft' | 'testing' | 'waiting' | 'decided';

export function parseSubjectTest(stored: string | null): SubjectTest | null {
  return stored ? (JSON.parse(stored) as SubjectTest) : null;
}

/**
 * The test group of a subscriber: the index of the subject they get, or null for the rest of the
 * list, who wait for the winner. Drawn from a hash of campaign and subscriber, so it is random
 * across the list and the same each time it is asked (a fan-out page written again after a crash
 * puts everyone where they were).
 */
export function testGroupOf(
  campaignId: number,
  subscriberId: number,
  test: Pick<SubjectTest, 'subjects' | 'sharePercent'>,
): number | null {
  const digest = createHash('sha256').update(`subject-test:${campaignId}:${subscriberId}`).digest();
  const draw = digest.readUInt32BE(0) / 2 ** 32; // uniform in [0, 1)
  const group = Math.floor((draw * 100) / test.sharePercent);
  return group < test.subjects.length ? group : null;
}

/** The figures of one test group, which the choice by clicks compares. */
export interface GroupFigures {
  group: number;
  sent: number;
  /** Distinct readers who clicked an article (per-subscriber click tracking). */
  readers: number;
}

/**
 * The subject that won by clicks: the highest share of its messages' readers who clicked (groups
 * are random and differ a little in size, so counts alone would favour the largest), ties to the
 * earlier subject; the first subject when nobody clicked.
 */
export function winnerByClicks(figures: GroupFigures[]): number {
  let best = { group: 0, rate: -1 };
  for (const row of [...figures].sort((a, b) => a.group - b.group)) {
    const rate = row.sent > 0 ? row.readers / row.sent : 0;
    if (rate > best.rate) best = { group: row.group, rate };
  }
  return best.rate > 0 ? best.group : 0;
}
