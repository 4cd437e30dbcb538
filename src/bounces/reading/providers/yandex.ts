/**
 * Yandex.Mail's bounces: a Postfix-style RFC 3464 report from mailer-daemon@yandex.ru, formats as
 * documented by Sisimai's lib/sisimai/lhost/yandex.rb. The classifier reads the remote's words.
 */
import type { BounceReader } from '../failed-recipient.js';
import { recipientsFromDsn } from './dsn-recipients.js';
import { hasHeader } from './report-text.js';

export const yandexReader: BounceReader = {
  name: 'yandex',
  read(message) {
    if (!hasHeader(message, 'x-yandex-uniq') || message.from !== 'mailer-daemon@yandex.ru')
      return null;
    return recipientsFromDsn(message.deliveryStatus ?? message.body, () => undefined);
  },
};
