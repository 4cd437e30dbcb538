import type { BounceReason } from './failed-recipient.js';

/** Phrases an MTA writes, by the reason they mean; the first reason with a phrase in the text wins. */
export type PhraseTable = ReadonlyArray<readonly [BounceReason, readonly string[]]>;

/** The reason whose phrases the text contains (case-insensitively), in the table's order. */
export function reasonByPhrase(text: string, table: PhraseTable): BounceReason | undefined {
  const lower = text.toLowerCase();
  for (const [reason, phrases] of table) {
    if (phrases.some((phrase) => lower.includes(phrase.toLowerCase()))) return reason;
  }
  return undefined;
}
