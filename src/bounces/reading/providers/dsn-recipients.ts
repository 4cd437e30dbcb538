/**
 * Turns RFC 3464 fields a provider wrote into recipients, where the provider's own reader adds
 * the reason its format implies.
 */
import type { BounceReason, FailedRecipient } from '../failed-recipient.js';
import { readDsnFields, type DsnFields } from './dsn-fields.js';
import { failedRecipient, statusIn } from './report-text.js';

/**
 * Some providers answer a bare 5.0.0 / 4.x.0 in Status and quote the remote server's precise code
 * in the diagnostic ("550-'5.7.1 ..."); the precise one is the one that explains.
 */
export function preciseStatus(fields: DsnFields): string {
  if (!/^[45]\.[01]\.0$/.test(fields.status)) return fields.status;
  const quoted =
    /["'](\d\.\d{1,3}\.\d{1,3}[^"']*)["']/.exec(fields.diagnostic)?.[1] ?? fields.diagnostic;
  return statusIn(quoted) || fields.status;
}

export function recipientsFromDsn(
  text: string,
  reasonOf: (fields: DsnFields, status: string) => BounceReason | undefined,
): FailedRecipient[] | null {
  const recipients = readDsnFields(text).map((fields) => {
    const status = preciseStatus(fields);
    return failedRecipient({
      recipient: fields.recipient,
      diagnostic: fields.diagnostic,
      status,
      action: fields.action || 'failed',
      reason: reasonOf(fields, status),
    });
  });
  return recipients.length > 0 ? recipients : null;
}
