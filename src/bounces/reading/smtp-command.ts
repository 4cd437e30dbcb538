/**
 * The SMTP command a report says the remote server refused, and the host it names, read from the
 * words MTAs use ("after RCPT TO:", "in reply to RCPT TO command", "did not like our RCPT TO:",
 * `>>> RCPT To:`). Bounded patterns only: the text is untrusted.
 */
import type { SmtpCommand } from './failed-recipient.js';

const COMMANDS: Readonly<Record<string, SmtpCommand>> = {
  CONN: 'CONN',
  INITIAL: 'CONN',
  CONNECT: 'CONN',
  HELO: 'HELO',
  EHLO: 'EHLO',
  STARTTLS: 'STARTTLS',
  AUTH: 'AUTH',
  MAIL: 'MAIL',
  RCPT: 'RCPT',
  DATA: 'DATA',
  END: 'DATA',
  BDAT: 'BDAT',
};

/** `RCPT`, `rcpt to`, `end of data`, `initial connection` → the command; anything else → undefined. */
export function smtpCommand(word: string): SmtpCommand | undefined {
  const first = word.trim().split(/[\s:]/)[0].toUpperCase();
  return COMMANDS[first];
}

/** What the diagnostic says the refusal answered, when it names the command at all. */
export function commandInText(text: string): SmtpCommand | undefined {
  const found =
    /in reply to (?:end of )?(rcpt|mail|data|helo|ehlo|starttls|auth|bdat)\b/i.exec(text) ??
    /\bafter (rcpt to|mail from|data|end of data|initial connection|helo|ehlo|starttls|auth)\b/i.exec(
      text,
    ) ??
    /did not like our (?:final )?(rcpt|mail|data|helo|ehlo)\b/i.exec(text) ??
    /\b(rcpt to|mail from)\s*:?\s*</i.exec(text);
  if (found) return smtpCommand(found[1]);
  // Postfix: "host mx.example.jp[192.0.2.1] refused to talk to me: 421 …" is the greeting refused.
  return /\brefused to talk to me\b/i.test(text) ? 'HELO' : undefined;
}

/** The host a report's words name as the one that answered ("host mx.example.jp [192.0.2.1]"). */
export function hostInText(text: string): string {
  const named =
    /\b(?:host|from|by)\s+\[?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\]?/i.exec(text) ??
    /^\s*\[?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\]? \[[\d.:a-f]+\]/i.exec(text);
  if (!named) return '';
  const host = named[1].toLowerCase();
  // An IPv4 address is no host name the provider rules could match.
  return /^[\d.]+$/.test(host) ? '' : host;
}

/**
 * The command a report's text shows refused for this recipient: a Sendmail transcript's
 * `>>> RCPT To:<a@b>` answered by `<<< 5xx`, or the words after the address (Postfix's "(in
 * reply to RCPT TO command)", which it may wrap across lines). '' when the report says nothing.
 */
export function commandInReport(body: string, address: string): SmtpCommand | '' {
  const lower = body.slice(0, 64 * 1024).toLowerCase();
  const at = lower.indexOf(`>>> rcpt to:<${address}>`);
  if (at >= 0 && /^\s*<<< [45]\d\d/.test(lower.slice(lower.indexOf('\n', at) + 1))) return 'RCPT';
  const near = lower.indexOf(address);
  if (near < 0) return '';
  const around = lower.slice(near, near + 600).replace(/\s+/g, ' ');
  return commandInText(around) ?? '';
}

/**
 * Sendmail's delivery-status part keeps only the first line of a multi-line reply; its session
 * transcript (`<<< 550-5.7.1 …` up to `<<< 550 5.7.1 …`) has every line. The whole reply on one
 * line when the transcript starts with the diagnostic, else ''.
 */
export function replyInTranscript(body: string, diagnostic: string): string {
  const first = diagnostic.replace(/\s+/g, ' ').trim();
  if (!/^[45]\d\d-/.test(first)) return '';
  const lines = body.slice(0, 64 * 1024).split('\n');
  const at = lines.findIndex(
    (line) => line.startsWith('<<< ') && line.slice(4).replace(/\s+/g, ' ').trim() === first,
  );
  if (at < 0) return '';
  const reply: string[] = [];
  for (const line of lines.slice(at, at + 40)) {
    if (!line.startsWith('<<< ')) break;
    const text = line.slice(4).replace(/\s+/g, ' ').trim();
    reply.push(text);
    if (/^\d{3} /.test(text)) break;
  }
  return reply.length > 1 ? reply.join(' ') : '';
}

/**
 * Sendmail's own line about a recipient in its transcript (`<user@example.jp>... Deferred:
 * Connection refused by mx.example.jp.`), for a report whose delivery-status part gives no
 * diagnostic. '' when there is none.
 */
export function recipientLineInTranscript(body: string, address: string): string {
  const marker = `<${address.toLowerCase()}>... `;
  const line = body
    .slice(0, 64 * 1024)
    .split('\n')
    .find((candidate) => candidate.toLowerCase().startsWith(marker));
  return line ? line.slice(marker.length).replace(/\s+/g, ' ').trim() : '';
}
