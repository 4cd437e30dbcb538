/**
 * TransWARE Active!hunter's bounces (Subject "FAILURE NOTICE :"), formats as documented by Sisimai
 * (lib/sisimai/lhost/activehunter.rb): after "----- The following addresses had permanent fatal
 * errors -----", `>>> user@example.jp <user@example.jp>`, then after "----- Transcript of session
 * follows -----" the server's reply. The command is never named (see userUnknownOutsideRcpt).
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine, userUnknownOutsideRcpt } from './free-text.js';

const RECIPIENT = /^>>> \S+ <([^\s<>]+@[^\s<>]+)>/;
const TRANSCRIPT = /^\s*----- Transcript of session follows -----/;

export const activehunterReader: BounceReader = {
  name: 'activehunter',
  read(message) {
    if (!message.subject.startsWith('FAILURE NOTICE :')) return null;
    const lines = bodyLines(message);
    const addresses = lines.flatMap((line) => {
      const found = RECIPIENT.exec(line);
      return found ? [found[1]] : [];
    });
    const from = lines.findIndex((line) => TRANSCRIPT.test(line));
    const words: string[] = [];
    for (const line of from < 0 ? [] : lines.slice(from + 1)) {
      if (line.trim() === '') break;
      words.push(line.trim());
    }
    const diagnostic = oneLine(words);
    const recipients: FailedRecipient[] = addresses.map((address) => {
      const status = failedRecipient(address, diagnostic).status;
      return failedRecipient(address, diagnostic, {
        reason: userUnknownOutsideRcpt(diagnostic, status),
      });
    });
    return recipients.length > 0 ? recipients : null;
  },
};
