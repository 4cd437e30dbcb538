/**
 * Lotus Notes' bounces (Subject "Undeliverable message"), formats as documented by Sisimai
 * (lib/sisimai/lhost/notes.rb): after "------- Failure Reasons --------", the reason in words and
 * the recipient's address on its own line, up to "------- Returned Message --------".
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, linesBetween, oneLine, reasonByPhrase } from './free-text.js';

const START = /^------- Failure Reasons/;
const END = /^------- Returned Message/;
const ADDRESS = /^([^\s<>]+@[^\s<>]+)\s*$/;

const OWN_WORDS: ReadonlyArray<readonly [BounceReason, readonly string[]]> = [
  [
    'userunknown',
    ['User not listed in public Name & Address Book', 'ディレクトリのリストにありません'],
  ],
  ['networkerror', ['Message has exceeded maximum hop count']],
];

export const notesReader: BounceReader = {
  name: 'notes',
  read(message) {
    if (!message.subject.startsWith('Undeliverable message')) return null;
    const part = linesBetween(bodyLines(message), START, END);
    if (!part) return null;
    const recipients: FailedRecipient[] = [];
    let words: string[] = [];
    for (const line of part) {
      const address = ADDRESS.exec(line.trim());
      if (address) {
        const diagnostic = oneLine(words);
        recipients.push(
          failedRecipient(address[1], diagnostic, {
            reason: reasonByPhrase(diagnostic, OWN_WORDS),
          }),
        );
        words = [];
      } else if (line.trim() !== '' && !line.startsWith('-')) {
        words.push(line.trim());
      }
    }
    return recipients.length > 0 ? recipients : null;
  },
};
