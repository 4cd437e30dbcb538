import { PermanentMailError } from './mailer.js';

/** A 5xx that means the mailbox does not exist or never will: the address is suppressed. */
export function isHardBounce(error: PermanentMailError): boolean {
  return [550, 551, 553].includes(error.responseCode) || /\b5\.1\.\d\b/.test(error.message);
}

/** A per-recipient temporary refusal (4xx reply), as opposed to the server being unreachable. */
export function temporaryReply(error: unknown): { code: number; message: string } | null {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 400 && code < 500
    ? { code, message: String((error as Error).message ?? '') }
    : null;
}
