/**
 * The "Error message below: … Message details: … RCPT TO: user@example.jp" layout shared by
 * Apache James and Verizon's vtext gateway, formats as documented by Sisimai
 * (lib/sisimai/lhost/apachejames.rb, verizon.rb).
 */
import type { BounceMessage, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine } from './free-text.js';

const ERROR_BELOW = /^Error message below:/;
const DETAILS = /^Message details:/;
const RCPT_TO = /^\s*RCPT TO:\s*<?([^\s<>]+@[^\s<>]+)>?/;

/** The recipients named by `RCPT TO:` in the details, with the words under "Error message below:". */
export function readMessageDetails(message: BounceMessage): FailedRecipient[] {
  const lines = bodyLines(message);
  const below = lines.findIndex((line) => ERROR_BELOW.test(line));
  if (below < 0) return [];
  const words: string[] = [];
  for (const line of lines.slice(below + 1)) {
    if (DETAILS.test(line)) break;
    if (line.trim() !== '') words.push(line.trim());
  }
  const diagnostic = oneLine(words);
  const addresses = lines.flatMap((line) => {
    const found = RCPT_TO.exec(line);
    return found ? [found[1]] : [];
  });
  return [...new Set(addresses)].map((address) => failedRecipient(address, diagnostic));
}
