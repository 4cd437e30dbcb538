import type { SubjectChooser, SubjectTestPhase } from './subject-test.js';

/** One subject of a test, with how its group is doing. */
export interface SubjectGroupView {
  index: number;
  subject: string;
  sharePercent: number;
  /** Rows of its group: every reader drawn for it. */
  recipients: number;
  sent: number;
  /** Not yet sent (pending or being sent). */
  pending: number;
  /** Distinct readers who clicked an article; null unless TRACK_CLICKS=per-subscriber. */
  readers: number | null;
  /** readers / sent, 0 to 1; null when unknown or nothing is sent yet. */
  clickRate: number | null;
}

/** A campaign's subject test as the API answers it and the campaign page shows it. */
export interface SubjectTestView {
  phase: SubjectTestPhase;
  choose: SubjectChooser;
  sharePercent: number;
  waitMinutes: number;
  /** When the test groups' messages were all sent; the wait counts from here. */
  testSentAt: string | null;
  /** When the wait ends (the choice by clicks is made then); null before testSentAt. */
  decideAt: string | null;
  winner: number | null;
  chosenBy: SubjectChooser | null;
  chosenAt: string | null;
  /** Unique readers are counted (TRACK_CLICKS=per-subscriber). */
  clicksTracked: boolean;
  /** Whether an editor may choose now: the test has started and nothing is chosen yet. */
  choosable: boolean;
  subjects: SubjectGroupView[];
  /** The rest of the list, who get the winner. */
  rest: { recipients: number; held: number; sent: number };
}
