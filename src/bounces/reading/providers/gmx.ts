/**
 * GMX's bounces, formats as documented by Sisimai's lib/sisimai/lhost/gmx.rb: `"address":`, the
 * SMTP stage, `host: …`, then the remote server's words (or `Reason:` and GMX's own).
 */
import type { BounceReader, FailedRecipient, SmtpCommand } from '../failed-recipient.js';
import { smtpCommand } from '../smtp-command.js';
import {
  cleanAddress,
  failedRecipient,
  hasHeader,
  linesBetween,
  reasonFromPhrases,
} from './report-text.js';

const START = ['This message was created automatically by mail delivery software'];
const ORIGINAL = ['--- The header of the original message is following. ---'];
const RECIPIENT = /^(?:"(\S+@\S+)":|<(\S+@\S+)>)$/;
const GMX_PHRASES = [['expired', ['delivery retry timeout exceeded']]] as const;
/** "SMTP error from remote server after RCPT command:" and "host: mx.example.jp". */
const STAGE = /^SMTP error .+ after (\S+) command:$/;
const HOST = /^host:\s*(\S+)/;

interface Found {
  recipient: string;
  words: string[];
  command: SmtpCommand | undefined;
  host: string;
}

export const gmxReader: BounceReader = {
  name: 'gmx',
  read(message) {
    if (!hasHeader(message, 'x-gmx-antispam')) return null;
    const lines = linesBetween(message.body, START, ORIGINAL);
    if (!lines) return null;

    const found: Found[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      const address = RECIPIENT.exec(line);
      if (address) {
        const recipient = cleanAddress(address[1] ?? address[2]);
        if (recipient) found.push({ recipient, words: [], command: undefined, host: '' });
        continue;
      }
      const current = found[found.length - 1];
      if (!current || !line) continue;
      const stage = STAGE.exec(line);
      const host = HOST.exec(line);
      if (stage) current.command = smtpCommand(stage[1]);
      else if (host) current.host = host[1].toLowerCase();
      else if (line !== 'Reason:') current.words.push(line);
    }
    const recipients: FailedRecipient[] = found.map(({ recipient, words, command, host }) => {
      const diagnostic = words.join(' ');
      return failedRecipient({
        recipient,
        diagnostic,
        reason: reasonFromPhrases(diagnostic, GMX_PHRASES),
        command,
        remoteHost: host,
      });
    });
    return recipients.length > 0 ? recipients : null;
  },
};
