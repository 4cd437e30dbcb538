/**
 * RFC 3834 automatic replies (vacation, out of office): answers, not failures. Formats as
 * documented by Sisimai (`lib/sisimai/rfc3834.rb`).
 */
import type { BounceMessage } from './failed-recipient.js';

/** Subjects auto-responders write, in the languages our corpus shows. */
const AUTO_REPLY_SUBJECT =
  /^(auto(matic)?[ -]?(reply|response|antwort)|auto:|out of (the )?office|away from|away until|on vacation|vacation|abwesenheit|r[ée]ponse automatique|risposta automatica|respuesta autom[áa]tica)/i;

export function isAutoReply(message: BounceMessage): boolean {
  if (message.deliveryStatus !== null || message.feedbackReport !== null) return false;
  const header = (name: string): string => (message.headers.get(name) ?? '').toLowerCase();
  if (header('auto-submitted').startsWith('auto-replied')) return true;
  if (
    header('x-autoreply') !== '' ||
    header('x-autorespond') !== '' ||
    header('x-auto-response-suppress') === 'all'
  ) {
    return AUTO_REPLY_SUBJECT.test(message.subject.trim()) || header('x-autoreply') === 'yes';
  }
  if (header('precedence') === 'auto_reply') return true;
  return AUTO_REPLY_SUBJECT.test(message.subject.trim());
}
