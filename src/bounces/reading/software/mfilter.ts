/**
 * The bounces of Digital Arts' m-FILTER ("このメールは「m-FILTER」が自動的に生成して送信しています。"),
 * formats as documented by Sisimai (lib/sisimai/lhost/mfilter.rb): the failed addresses after
 * "以下のメールアドレスへの送信に失敗しました。", the server's words after "-------server message",
 * the command after "-------SMTP command", up to "-------original mail info".
 */
import type { BounceReader } from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine, reasonOfCommand } from './free-text.js';
import { smtpCommand } from '../smtp-command.js';

const START = /m-FILTER/;
const ADDRESS = /^([^\s<>]+@[^\s<>]+)\s*$/;

export const mfilterReader: BounceReader = {
  name: 'mfilter',
  read(message) {
    const lines = bodyLines(message);
    if (!lines.slice(0, 5).some((line) => START.test(line))) return null;
    const addresses: string[] = [];
    const words: string[] = [];
    let section = 'addresses';
    let command = '';
    for (const line of lines) {
      if (line.startsWith('-------original mail info')) break;
      if (line.startsWith('-------server message')) section = 'server';
      else if (line.startsWith('-------SMTP command')) section = 'command';
      else if (section === 'addresses' && ADDRESS.test(line)) addresses.push(line.trim());
      else if (section === 'server' && line.trim() !== '') words.push(line.trim());
      else if (section === 'command' && /^[A-Z]{4}/.test(line)) command = line.slice(0, 4);
    }
    const diagnostic = oneLine(words);
    const recipients = addresses.map((address) => {
      const status = failedRecipient(address, diagnostic).status;
      return failedRecipient(address, diagnostic, {
        reason: reasonOfCommand(command, diagnostic, status),
        command: smtpCommand(command),
      });
    });
    return recipients.length > 0 ? recipients : null;
  },
};
