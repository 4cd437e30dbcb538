/**
 * Reads every real bounce of the corpus and sets the result beside Sisimai's reading
 * (test/fixtures/bounces/expected.json). BOUNCE_CORPUS_REPORT=1 prints a table per family.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { bounceType } from '../bounce-policy.js';
import type { BounceReason } from './failed-recipient.js';
import {
  isFailure,
  readBounce,
  type BounceReading,
  type ClassifiedRecipient,
} from './read-bounce.js';

interface Expected {
  recipient: string;
  reason: string;
  status: string;
  hardbounce: boolean;
}

const FIXTURES = join(process.cwd(), 'test/fixtures/bounces');
const UNDISCLOSED = 'undisclosed-recipient-in-headers@libsisimai.org.invalid';
/** Sisimai's readings that are not failures at all. */
const NOT_FAILURES = new Set(['vacation', 'delivered']);

interface Tally {
  expected: number;
  found: number;
  agreed: number;
  /** Found recipients whose reason is Sisimai's. */
  sameReason: number;
  /** Found recipients that bounce-policy sorts as it would sort Sisimai's reading. */
  sameCategory: number;
  softCalledHard: string[];
  /** The worst slips: a sender-side refusal counted against the reader, or the reverse. */
  crossed: string[];
  missed: string[];
  disagreed: string[];
  otherReason: string[];
}

const emptyTally = (): Tally => ({
  expected: 0,
  found: 0,
  agreed: 0,
  sameReason: 0,
  sameCategory: 0,
  softCalledHard: [],
  crossed: [],
  missed: [],
  disagreed: [],
  otherReason: [],
});

type Category = 'hard' | 'blocked' | 'soft' | 'complaint' | 'none';

/** How the service sorts a reading: bounce-policy's own sets, for Sisimai's reading and ours alike. */
function categoryOf(reason: string, hard: boolean): Category {
  if (reason === 'feedback') return 'complaint';
  if (NOT_FAILURES.has(reason)) return 'none';
  const reading: ClassifiedRecipient = {
    recipient: '',
    action: 'failed',
    status: '',
    replyCode: '',
    diagnostic: '',
    reason: reason as BounceReason,
    hard,
  };
  return bounceType(reading);
}

function compareReason(
  file: string,
  want: Expected,
  got: { reason: string; hard: boolean; status: string; diagnostic: string },
  tally: Tally,
): void {
  const wanted = categoryOf(want.reason, want.hardbounce);
  const ours = categoryOf(got.reason, got.hard);
  if (got.reason === want.reason) tally.sameReason += 1;
  else
    tally.otherReason.push(
      `${file} ${want.recipient}: want ${want.reason} (${wanted}), read ${got.reason} (${ours}) ` +
        `${got.status} ${got.diagnostic.slice(0, 100)}`,
    );
  if (wanted === ours) tally.sameCategory += 1;
  else if ((wanted === 'blocked' && ours === 'soft') || (wanted === 'soft' && ours === 'blocked'))
    tally.crossed.push(`${file} ${want.recipient} (${want.reason}, read ${got.reason})`);
}

function familyOf(file: string): string {
  return file.replace(/-\d+\.eml$/, '').replace(/\.eml$/, '');
}

function compare(file: string, expected: Expected[], reading: BounceReading, tally: Tally): void {
  const failures = reading.recipients.filter(isFailure);
  for (const want of expected.filter((entry) => !NOT_FAILURES.has(entry.reason))) {
    tally.expected += 1;
    if (want.recipient === UNDISCLOSED) {
      const named = failures.find((got) => got.recipient === UNDISCLOSED);
      if (failures.length === 0 || named) {
        tally.found += 1;
        tally.agreed += 1;
        compareReason(file, want, ourReading(reading, named), tally);
      } else tally.missed.push(`${file} ${want.recipient}`);
      continue;
    }
    const got = failures.find((entry) => entry.recipient === want.recipient.toLowerCase());
    if (!got) {
      tally.missed.push(`${file} ${want.recipient}`);
      continue;
    }
    tally.found += 1;
    compareReason(file, want, ourReading(reading, got), tally);
    if (got.hard === want.hardbounce) tally.agreed += 1;
    else
      tally.disagreed.push(
        `${file} ${want.recipient}: ${want.reason}/${got.reason} ${got.status} ${got.diagnostic.slice(0, 120)}`,
      );
    if (got.hard && !want.hardbounce)
      tally.softCalledHard.push(`${file} ${want.recipient} (${want.reason}, read ${got.reason})`);
  }
}

/** A complaint's recipients carry no failure reason: the reading's kind is the reason. */
function ourReading(
  reading: BounceReading,
  got: ClassifiedRecipient | undefined,
): { reason: string; hard: boolean; status: string; diagnostic: string } {
  const reason = reading.kind === 'feedback' ? 'feedback' : (got?.reason ?? 'undefined');
  return {
    reason,
    hard: got?.hard ?? false,
    status: got?.status ?? '',
    diagnostic: got?.diagnostic ?? '',
  };
}

function printTable(families: Map<string, Tally>, total: Tally): void {
  const rows = [...families.entries()].map(
    ([family, t]) =>
      `${family.padEnd(30)} ${String(t.expected).padStart(4)} ${String(t.found).padStart(6)} ${String(t.agreed).padStart(6)}` +
      ` ${String(t.sameReason).padStart(6)} ${String(t.sameCategory).padStart(6)}` +
      [
        ...t.missed.map((miss) => `missed ${miss}`),
        ...t.disagreed.map((line) => `hard/soft ${line}`),
        ...t.otherReason.map((line) => `reason ${line}`),
      ]
        .map((line) => `\n    ${line}`)
        .join(''),
  );
  const summary =
    `TOTAL ${total.expected} expected, ${total.found} found, ${total.agreed} agree on hard/soft, ` +
    `${total.sameReason} on the reason, ${total.sameCategory} on hard/blocked/soft` +
    total.crossed.map((line) => `\n    crossed blocked/soft ${line}`).join('');
  console.warn(
    ['family                        want  found agreed reason  categ', ...rows, summary].join('\n'),
  );
}

describe('the bounce corpus', () => {
  const expectedByFile = JSON.parse(
    readFileSync(join(FIXTURES, 'expected.json'), 'utf8'),
  ) as Record<string, Expected[]>;
  const files = readdirSync(join(FIXTURES, 'eml'))
    .filter((file) => file.endsWith('.eml'))
    .sort();

  it('finds the failed recipients and agrees with Sisimai on hard and soft', async () => {
    const total = emptyTally();
    const families = new Map<string, Tally>();
    for (const file of files) {
      const reading = await readBounce(readFileSync(join(FIXTURES, 'eml', file)));
      const family = families.get(familyOf(file)) ?? emptyTally();
      families.set(familyOf(file), family);
      for (const tally of [total, family])
        compare(file, expectedByFile[file] ?? [], reading, tally);
    }
    if (process.env.BOUNCE_CORPUS_REPORT === '1') printTable(families, total);

    expect(total.softCalledHard).toEqual([]);
    expect(total.found / total.expected).toBeGreaterThanOrEqual(FLOORS.found);
    expect(total.agreed / total.found).toBeGreaterThanOrEqual(FLOORS.agreement);
    expect(total.sameReason / total.found).toBeGreaterThanOrEqual(FLOORS.reason);
    expect(total.sameCategory / total.found).toBeGreaterThanOrEqual(FLOORS.category);
    expect(total.crossed.length).toBeLessThanOrEqual(MAX_CROSSED);
  }, 120_000);

  it('finds no failure in messages that are not bounces, nor in automatic replies', async () => {
    const quiet = files.filter(
      (file) =>
        file.startsWith('not-a-bounce') ||
        (expectedByFile[file] ?? []).every((entry) => entry.reason === 'vacation'),
    );
    expect(quiet.length).toBeGreaterThanOrEqual(6);
    for (const file of quiet) {
      const reading = await readBounce(readFileSync(join(FIXTURES, 'eml', file)));
      expect({ file, failures: reading.recipients.filter(isFailure) }).toEqual({
        file,
        failures: [],
      });
    }
  });
});

/**
 * Just under what the readers reach (332/334 found; of those, 327 agree on hard/soft, 321 on the
 * reason, 326 on hard/blocked/soft), so a regression shows.
 */
const FLOORS = { found: 0.98, agreement: 0.97, reason: 0.96, category: 0.98 };

/**
 * Sender-side refusals read as the reader's mailbox, or the reverse. The one left: Zoho's "Mail
 * rejected by destination domain", which Zoho's documented codes (and Sisimai's newer rhost table)
 * call a rejection of the sender, and the corpus's older reading leaves onhold.
 */
const MAX_CROSSED = 1;
