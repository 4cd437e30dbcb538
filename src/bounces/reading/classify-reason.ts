/**
 * Why a delivery failed, from what a reader found: the reader's own reason, else the remote
 * host's known wording, else the diagnostic's words, else the status code. The order of the
 * checks follows Sisimai's (`lib/sisimai/reason.rb`): specific words beat a generic status, and
 * a status that names a reason beats loose words that merely resemble another one.
 */
import type { BounceReason, FailedRecipient } from './failed-recipient.js';
import { mentions } from './reason-phrases.js';
import { commandInText } from './smtp-command.js';
import { findReplyCode, findStatus, preferredStatus, reasonOfStatus } from './status-codes.js';

/**
 * Reasons a status or a reader may give that other evidence is allowed to refine (Sisimai's
 * "retry" list). A reader's own userunknown or hostunknown still stands unless a reason Sisimai
 * tests before it (a full mailbox, a suspended account …) matches: see `stated` in classifyReason.
 */
const REFINABLE = new Set<BounceReason | null>([
  null,
  'undefined',
  'onhold',
  'systemerror',
  'securityerror',
  'expired',
  'networkerror',
  'hostunknown',
  'userunknown',
]);

/** First pass: each reason's own test, in Sisimai's order. */
const FIRST_PASS: readonly BounceReason[] = [
  'mailboxfull',
  'mesgtoobig',
  'exceedlimit',
  'suspend',
  'hasmoved',
  'norelaying',
  'authfailure',
  'userunknown',
  'filtered',
  'requireptr',
  'notcompliantrfc',
  'badreputation',
  'contenterror',
  'notaccept',
  'rejected',
  'hostunknown',
  'spamdetected',
  'speeding',
  'toomanyconn',
  'blocked',
];

/** Second pass, for what the first left open: wording alone. */
const SECOND_PASS: readonly BounceReason[] = [
  'mailboxfull',
  'authfailure',
  'badreputation',
  'speeding',
  'spamdetected',
  'virusdetected',
  'policyviolation',
  'norelaying',
  'systemerror',
  'networkerror',
  'suspend',
  'contenterror',
  'systemfull',
  'notaccept',
  'expired',
  'failedstarttls',
  'securityerror',
  'mailererror',
];

const NULL_MX = /\b(?:host|domain|host\/domain) does not accept mail\b(?! from)|\bnull ?mx\b/;

/** SMTP commands that come before DATA: content filters cannot have fired yet. */
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT']);

interface Facts {
  text: string;
  /** The diagnostic is of another type than SMTP (`X-Postfix; …`): its words may beat its status. */
  otherType: boolean;
  status: string;
  replyCode: string;
  statusReason: BounceReason | null;
  command: string;
  action: FailedRecipient['action'];
}

export type RemoteHostReason = (
  recipient: FailedRecipient,
  remoteHost: string,
) => BounceReason | null;

/**
 * What the report says beside the recipient, when the reader did not set it on the recipient
 * itself: the answering host, the SMTP command refused.
 */
export interface ClassifyHints {
  remoteHost?: string;
  remoteHostReason?: RemoteHostReason;
  /** `RCPT`, `MAIL`, `DATA` …, when a transcript in the report shows it. */
  command?: string;
}

/** A status that says "no such user" gives way to words that say the refusal was about something else. */
const NOT_THE_ADDRESS: readonly BounceReason[] = [
  'norelaying',
  'blocked',
  'mailboxfull',
  'hasmoved',
  'rejected',
  'notaccept',
  'speeding',
  'toomanyconn',
  'spamdetected',
  'policyviolation',
  'authfailure',
  'requireptr',
  'badreputation',
  'suspend',
];

export function classifyReason(
  recipient: FailedRecipient,
  hints: ClassifyHints = {},
): BounceReason {
  const stated = recipient.reason;
  if (stated && REFINABLE.has(stated) === false) return stated;
  // The provider's own meaning for its words; its rules also look at the recipient's domain.
  const facts = factsOf(recipient, recipient.command ?? hints.command ?? '');
  const byHost = hints.remoteHostReason
    ? hints.remoteHostReason(
        { ...recipient, diagnostic: facts.text },
        recipient.remoteHost || hints.remoteHost || '',
      )
    : null;
  if (byHost) return byHost;
  // A diagnostic of another type (X-Unix: a local program) is no SMTP answer: words decide.
  if (!facts.otherType) {
    // As in Sisimai, each reason's test first accepts the reader's own word for it, so a
    // reader's userunknown yields only to a reason tested before it (mailboxfull, suspend …).
    const first = FIRST_PASS.find((reason) => reason === stated || probe(reason, facts));
    if (first) return first;
    if (facts.statusReason === 'userunknown') {
      const other = NOT_THE_ADDRESS.find((reason) => otherWords(reason, facts.text));
      if (other) return other;
    }
  }
  if (recipient.reason) return recipient.reason;
  return fallback(facts);
}

function factsOf(recipient: FailedRecipient, command: string): Facts {
  const flat = recipient.diagnostic.replace(/\s+/g, ' ');
  const inText = findStatus(flat);
  const replyCode = findReplyCode(flat) || recipient.replyCode;
  const text = withoutContinuations(flat, replyCode, inText).toLowerCase();
  const status = preferredStatus(recipient.status, inText, replyCode);
  return {
    text,
    otherType: /^x-[a-z-]+; /.test(text),
    status,
    replyCode: recipient.replyCode,
    statusReason: reasonOfStatus(status),
    command: command.toUpperCase() || (commandInText(text) ?? ''),
    action: recipient.action,
  };
}

/**
 * A multi-line reply flattened ("550-5.7.1 Messages with multiple 550-5.7.1 addresses …") reads
 * as one sentence once the codes at each line's start are gone, so phrases can match across lines.
 */
function withoutContinuations(text: string, replyCode: string, status: string): string {
  if (replyCode === '' || !text.includes(`${replyCode}-`)) return text;
  let sentence = text;
  for (const separator of ['-', ' ']) {
    if (status !== '') sentence = sentence.split(`${replyCode}${separator}${status}`).join('');
    sentence = sentence.split(`${replyCode}${separator}`).join('');
  }
  return sentence.replace(/ {2,}/g, ' ').trim();
}

function otherWords(reason: BounceReason, text: string): boolean {
  if (reason !== 'rejected') return mentions(reason, text);
  // "550 5.1.1 Address rejected user@…" is the recipient's address refused: beside a status
  // that says "no such user", only words about the sender mean a rejected sender.
  return rejectedWords(text.replace(/(?<!sender |email )address rejected/g, ''));
}

function probe(reason: BounceReason, facts: Facts): boolean {
  const { text, statusReason } = facts;
  switch (reason) {
    case 'userunknown':
      return probeUserUnknown(facts);
    case 'filtered':
      if (statusReason === 'filtered')
        return mentions('userunknown', text) || mentions('filtered', text);
      if (BEFORE_DATA.has(facts.command)) return false;
      return (
        mentions('filtered', text) || (!userUnknownByStatus(facts) && mentions('userunknown', text))
      );
    case 'rejected':
      return probeRejected(facts);
    case 'hostunknown':
      if (statusReason === 'hostunknown') return !mentions('networkerror', text);
      return mentions('hostunknown', text);
    case 'spamdetected':
      if (statusReason === 'spamdetected') return true;
      if (facts.status === '' || BEFORE_DATA.has(facts.command)) return false;
      return mentions('spamdetected', text);
    case 'mesgtoobig':
      if (statusReason === 'mesgtoobig') return true;
      if (statusReason === 'exceedlimit') return false;
      return mentions('mesgtoobig', text);
    case 'suspend':
      return facts.replyCode === '525' || mentions('suspend', text);
    case 'norelaying':
      return !['CONN', 'EHLO', 'HELO'].includes(facts.command) && mentions('norelaying', text);
    case 'hasmoved':
      return mentions('hasmoved', text);
    case 'notaccept':
      // RFC 7505's null MX: the domain takes no mail at all, whatever status the MTA attached.
      return NULL_MX.test(text);
    default:
      return statusReason === reason || mentions(reason, text);
  }
}

function userUnknownByStatus(facts: Facts): boolean {
  return facts.statusReason === 'userunknown';
}

function probeUserUnknown(facts: Facts): boolean {
  const { text } = facts;
  if (userUnknownByStatus(facts)) {
    // A 5.1.1 whose words say relaying, a block, a full box, spam or a bad sender is that instead.
    return !NOT_THE_ADDRESS.some((reason) => otherWords(reason, text));
  }
  // Without a status that says so, words count only when the refusal came at RCPT TO: the same
  // words after DATA are a content filter speaking (Sisimai reads them as filtered). Postfix's
  // bare "Recipient address rejected." at RCPT refuses the address itself.
  if (facts.command !== 'RCPT') return false;
  return mentions('userunknown', text) || /recipient address rejected\.?$/.test(text.trim());
}

function probeRejected(facts: Facts): boolean {
  const { text, statusReason } = facts;
  if (statusReason === 'rejected') return true;
  if (facts.command === 'MAIL') return rejectedWords(text);
  if (facts.command === 'DATA' && statusReason !== 'userunknown') return rejectedWords(text);
  if (
    REFINABLE.has(statusReason) &&
    statusReason !== 'userunknown' &&
    statusReason !== 'hostunknown'
  ) {
    return rejectedWords(text);
  }
  return false;
}

function rejectedWords(text: string): boolean {
  const notSender = [
    '5.1.0 address rejected',
    'recipient address rejected',
    'sender ip address rejected',
  ];
  if (notSender.some((phrase) => text.includes(phrase))) return false;
  return mentions('rejected', text);
}

function fallback(facts: Facts): BounceReason {
  const { statusReason, status, text } = facts;
  if (REFINABLE.has(statusReason) || facts.otherType) {
    const byWords = SECOND_PASS.find((reason) => mentions(reason, text));
    if (byWords) return byWords;
  }
  if (statusReason && statusReason !== 'undefined' && statusReason !== 'onhold')
    return statusReason;
  if (/^[45]\.6\./.test(status)) return 'contenterror';
  if (/^[45]\.7\./.test(status)) return 'securityerror';
  if (/^50[1-4]$/.test(facts.replyCode) || /^5\.5\.[24]$/.test(status)) return 'syntaxerror';
  if (facts.action === 'delayed') return 'expired';
  if (['EHLO', 'HELO'].includes(facts.command)) return 'blocked';
  return text !== '' ? 'onhold' : 'undefined';
}

/**
 * Whether the address itself is dead: only a missing user or domain, a moved mailbox, or a
 * domain that accepts no mail at all (permanently). Everything else — spam filters, policy,
 * full boxes, timeouts — says nothing against the subscriber.
 */
export function isHardBounce(reason: BounceReason, status: string, replyCode: string): boolean {
  if (reason === 'userunknown' || reason === 'hostunknown' || reason === 'hasmoved') return true;
  if (reason !== 'notaccept') return false;
  return !status.startsWith('4') && !replyCode.startsWith('4');
}
