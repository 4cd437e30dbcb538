/**
 * Microsoft Exchange 2000/2003's bounces ("did not reach the following recipient(s):"), formats
 * as documented by Sisimai (lib/sisimai/lhost/exchange2003.rb): each recipient on a line
 * `user@example.jp on <date>`, then Exchange's words and an `MSEXCH:…(000C05A6)` code that names
 * the reason.
 */
import type {
  BounceMessage,
  BounceReader,
  BounceReason,
  FailedRecipient,
} from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine, userUnknownOutsideRcpt } from './free-text.js';

const RECIPIENT = /^\s*([^\s<>]+@[^\s<>]+) on\b/;
// "… SMTP=user@example.jp on …": the gateway's routing prefix goes before the address.
const SMTP_PREFIX = /^\s*\S*?(?:SMTP|smtp)=/;
const START = /^(?:Your message|\s*Your message did not reach)/;
const MSEXCH = /MSEXCH:.*\(([0-9A-F]{8})\)/;

// Exchange's internal error codes and the reasons they stand for.
const ERROR_CODES: Readonly<Record<string, BounceReason>> = {
  '000B099C': 'onhold',
  '000B09AA': 'onhold',
  '000B09B6': 'onhold',
  '000C05A6': 'userunknown',
  '00010256': 'systemerror',
  '000D06B5': 'systemerror',
  '00120270': 'networkerror',
  '00050311': 'contenterror',
  '000502CC': 'contenterror',
  '000B0981': 'securityerror',
  '000C0595': 'filtered',
};

function isExchange2003(message: BounceMessage): boolean {
  // The gateway's own Received may not be the first one, so its words in the body also count.
  if (
    /\bMSEXCH:/.test(message.body) &&
    /did not reach the following recipient|could not be reached:/.test(message.body)
  ) {
    return true;
  }
  const mailer = message.headers.get('x-mailer') ?? '';
  return (
    message.headers.has('x-ms-embedded-report') ||
    /^(?:Internet Mail Service \(|Microsoft Exchange Server Internet Mail Connector)/.test(
      mailer,
    ) ||
    (message.headers.get('x-mimeole') ?? '').startsWith('Produced By Microsoft Exchange') ||
    (message.headers.get('received') ?? '').includes(' with Internet Mail Service (')
  );
}

export const exchange2003Reader: BounceReader = {
  name: 'exchange-2003',
  read(message) {
    if (!isExchange2003(message)) return null;
    const lines = bodyLines(message);
    const from = lines.findIndex((line) => START.test(line));
    if (from < 0) return null;
    const found: { recipient: string; words: string[] }[] = [];
    for (const line of lines.slice(from + 1)) {
      const address = RECIPIENT.exec(line.replace(SMTP_PREFIX, ''));
      if (address) found.push({ recipient: address[1], words: [] });
      else if (found.length > 0 && line.trim() !== '')
        found[found.length - 1].words.push(line.trim());
    }
    const recipients: FailedRecipient[] = found.map(({ recipient, words }) => {
      const diagnostic = oneLine(words);
      const code = MSEXCH.exec(diagnostic)?.[1];
      const reason =
        (code ? ERROR_CODES[code] : undefined) ?? userUnknownOutsideRcpt(diagnostic, '');
      return failedRecipient(recipient, diagnostic, { reason });
    });
    return recipients.length > 0 ? recipients : null;
  },
};
