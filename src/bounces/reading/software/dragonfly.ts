/**
 * The DragonFly Mail Agent's bounces ("This is the DragonFly Mail Agent v0.13 at …"), formats as
 * documented by Sisimai (lib/sisimai/lhost/dragonfly.rb): one recipient per report, "There was an
 * error delivering your mail to <user@example.jp>.", then dma's or the remote server's words up to
 * "Message headers follow." (or "Original message follows.").
 */
import type { BounceReader, BounceReason } from '../failed-recipient.js';
import {
  bodyLines,
  failedRecipient,
  findStatus,
  oneLine,
  reasonByPhrase,
  reasonOfCommand,
} from './free-text.js';
import { hostInText, smtpCommand } from '../smtp-command.js';

const START = /^This is the DragonFly Mail Agent\b/;
const RECIPIENT = /^There was an error delivering your mail to <([^<>\s]+@[^<>\s]+)>/;
const END = /^(?:Message headers follow|Original message follows)\./;
const COMMAND = /did not like our (?:final )?(DATA|RCPT|MAIL|EHLO|HELO)\b/;

// dma's own words (dma/net.c, dma.c) that say the reason themselves.
const OWN_WORDS: ReadonlyArray<readonly [BounceReason, readonly string[]]> = [
  ['hostunknown', ['DNS lookup failure: host ']],
  ['expired', ['Could not deliver for the last ']],
  ['networkerror', ['can not connect to ', 'could not connect to ']],
  ['systemerror', ['no local user', 'unable to find local user']],
];

export const dragonflyReader: BounceReader = {
  name: 'dragonfly',
  read(message) {
    const lines = bodyLines(message);
    if (!lines.some((line) => START.test(line))) return null;
    const at = lines.findIndex((line) => RECIPIENT.test(line));
    if (at < 0) return null;
    const recipient = RECIPIENT.exec(lines[at])?.[1] ?? '';
    const words: string[] = [];
    for (const line of lines.slice(at + 1)) {
      if (END.test(line)) break;
      if (line.trim() !== '') words.push(line.trim());
    }
    const diagnostic = oneLine(words);
    const status = findStatus(diagnostic);
    const command = smtpCommand(COMMAND.exec(diagnostic)?.[1] ?? '');
    const reason =
      reasonByPhrase(diagnostic, OWN_WORDS) ?? reasonOfCommand(command ?? '', diagnostic, status);
    const remoteHost = hostInText(diagnostic) || undefined;
    return [failedRecipient(recipient, diagnostic, { status, reason, command, remoteHost })];
  },
};
