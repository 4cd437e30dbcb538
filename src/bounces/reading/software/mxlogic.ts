/**
 * McAfee MXLogic's bounces, formats as documented by Sisimai (lib/sisimai/lhost/mxlogic.rb):
 * Exim's layout ("This message was created automatically by mail delivery software.", then
 * `  <user@example.jp>: 550 …`), ending at "Included is a copy of the message header:".
 */
import type { BounceReader } from '../failed-recipient.js';
import { bodyLines } from './free-text.js';
import { eximRecipients, readEximBlocks } from './exim.js';

function isMxlogic(from: string, messageId: string, bounceHeader: boolean): boolean {
  return bounceHeader || /mxlogic\.net|\.mxl\d*\./i.test(from) || messageId.startsWith('<mxl~');
}

export const mxlogicReader: BounceReader = {
  name: 'mxlogic',
  read(message) {
    const messageId = message.headers.get('message-id') ?? '';
    if (!isMxlogic(message.from, messageId, message.headers.has('x-mx-bounce'))) return null;
    const recipients = eximRecipients(message, readEximBlocks(bodyLines(message)));
    return recipients.length > 0 ? recipients : null;
  },
};
