/**
 * What an enhanced status code (RFC 3463) says about why delivery failed, as documented by
 * Sisimai's current table (go-sisimai `smtp/status`, which names RFC 7372's authentication and
 * reverse-DNS codes). Codes absent here (x.0.0, 4.4.0 …) say nothing specific.
 */
import type { BounceReason } from './failed-recipient.js';

const BY_CODE: Readonly<Record<string, BounceReason>> = {
  // Not in Sisimai's table: a 4.1.1 still says the mailbox does not exist, only that the MTA will retry.
  '4.1.1': 'userunknown',
  '4.1.6': 'hasmoved',
  '4.1.7': 'rejected',
  '4.1.8': 'rejected',
  '4.1.9': 'systemerror',
  '4.2.1': 'suspend',
  '4.2.2': 'mailboxfull',
  '4.2.3': 'exceedlimit',
  '4.2.4': 'filtered',
  '4.3.1': 'systemfull',
  '4.3.2': 'notaccept',
  '4.3.3': 'systemerror',
  '4.3.5': 'systemerror',
  '4.4.1': 'expired',
  '4.4.2': 'networkerror',
  '4.4.4': 'networkerror',
  '4.4.5': 'systemfull',
  '4.4.6': 'networkerror',
  '4.4.7': 'expired',
  '4.5.3': 'systemerror',
  '4.5.5': 'systemerror',
  '4.6.0': 'contenterror',
  '4.6.2': 'contenterror',
  '4.6.5': 'contenterror',
  '4.7.1': 'blocked',
  '4.7.2': 'blocked',
  '4.7.5': 'securityerror',
  '4.7.6': 'securityerror',
  '4.7.7': 'securityerror',
  '4.7.12': 'securityerror',
  '4.7.15': 'securityerror',
  '4.7.16': 'mesgtoobig',
  '4.7.24': 'authfailure',
  '4.7.25': 'requireptr',
  '4.7.26': 'authfailure',
  '5.1.0': 'userunknown',
  '5.1.1': 'userunknown',
  '5.1.2': 'hostunknown',
  '5.1.3': 'userunknown',
  '5.1.4': 'filtered',
  '5.1.6': 'hasmoved',
  '5.1.7': 'rejected',
  '5.1.8': 'rejected',
  '5.1.9': 'systemerror',
  '5.1.10': 'notaccept',
  '5.2.0': 'filtered',
  '5.2.1': 'filtered',
  '5.2.2': 'mailboxfull',
  '5.2.3': 'exceedlimit',
  '5.2.4': 'filtered',
  '5.3.0': 'systemerror',
  '5.3.1': 'systemfull',
  '5.3.2': 'notaccept',
  '5.3.3': 'systemerror',
  '5.3.4': 'mesgtoobig',
  '5.3.5': 'systemerror',
  '5.4.0': 'networkerror',
  '5.4.3': 'systemerror',
  // Not in Sisimai's table: "unable to route" given as a permanent failure means the domain has
  // no usable mail route (no MX, no A); Sisimai's readings of such reports say hostunknown.
  '5.4.4': 'hostunknown',
  '5.5.3': 'toomanyconn',
  '5.5.2': 'syntaxerror',
  '5.5.4': 'systemerror',
  '5.5.5': 'systemerror',
  '5.5.6': 'syntaxerror',
  '5.6.0': 'contenterror',
  '5.6.1': 'contenterror',
  '5.6.2': 'contenterror',
  '5.6.3': 'contenterror',
  '5.6.5': 'contenterror',
  '5.6.6': 'contenterror',
  '5.6.7': 'contenterror',
  '5.6.8': 'contenterror',
  '5.6.9': 'contenterror',
  '5.7.0': 'securityerror',
  '5.7.1': 'securityerror',
  '5.7.2': 'securityerror',
  '5.7.3': 'securityerror',
  '5.7.4': 'securityerror',
  '5.7.5': 'securityerror',
  '5.7.6': 'securityerror',
  '5.7.7': 'securityerror',
  '5.7.8': 'securityerror',
  '5.7.9': 'securityerror',
  '5.7.10': 'securityerror',
  '5.7.11': 'securityerror',
  '5.7.13': 'suspend',
  '5.7.14': 'securityerror',
  '5.7.15': 'securityerror',
  '5.7.16': 'mesgtoobig',
  '5.7.17': 'hasmoved',
  '5.7.18': 'hasmoved',
  '5.7.19': 'securityerror',
  '5.7.20': 'authfailure',
  '5.7.21': 'authfailure',
  '5.7.22': 'authfailure',
  '5.7.23': 'authfailure',
  '5.7.24': 'authfailure',
  '5.7.25': 'requireptr',
  '5.7.26': 'authfailure',
  // Sisimai says notaccept; but it is the sender's null MX, nothing against the recipient.
  '5.7.27': 'rejected',
  '5.7.28': 'spamdetected',
  '5.7.29': 'authfailure',
  '5.7.30': 'failedstarttls',
};

/**
 * Sisimai's own codes (`5.0.9xx`) that some readers emit for a reason they recognised.
 */
const INTERNAL: Readonly<Record<string, BounceReason>> = {
  '900': 'undefined',
  '901': 'onhold',
  '902': 'syntaxerror',
  '909': 'norelaying',
  '910': 'filtered',
  '911': 'userunknown',
  '912': 'hostunknown',
  '916': 'hasmoved',
  '918': 'rejected',
  '921': 'suspend',
  '922': 'mailboxfull',
  '923': 'exceedlimit',
  '924': 'filtered',
  '926': 'authfailure',
  '930': 'systemerror',
  '931': 'systemfull',
  '932': 'notaccept',
  '934': 'mesgtoobig',
  '939': 'mailererror',
  '944': 'networkerror',
  '945': 'toomanyconn',
  '946': 'speeding',
  '947': 'expired',
  '960': 'contenterror',
  '970': 'securityerror',
  '971': 'blocked',
  '972': 'policyviolation',
  '973': 'requireptr',
  '974': 'notcompliantrfc',
  '975': 'badreputation',
  '976': 'failedstarttls',
  '980': 'spamdetected',
  '981': 'virusdetected',
};

export function reasonOfStatus(status: string): BounceReason | null {
  const internal = /^[45]\.0\.(9\d\d)$/.exec(status);
  if (internal) return INTERNAL[internal[1]] ?? null;
  return BY_CODE[status] ?? null;
}

/**
 * Which of the report's Status field and the code the server wrote explains the failure (as
 * Sisimai's status.Prefer decides): the one whose class agrees with the reply code, else the finer
 * one, else the server's when the field is a vague or catch-all code (4.4.7, 4.7.0, 5.3.x, x.5.x).
 */
export function preferredStatus(field: string, inText: string, replyCode: string): string {
  if (field === '' || field.length < 5) return inText || field;
  if (inText === '' || inText.length < 5 || inText === field) return field;
  if (replyCode !== '' && field[0] !== inText[0]) {
    if (replyCode[0] === field[0]) return field;
    if (replyCode[0] === inText[0]) return inText;
  }
  const vague = (code: string): boolean => code.includes('.0');
  if (field.includes('.0.0')) return inText.includes('.0.0') ? field : inText;
  if (vague(field) && !vague(inText)) return inText;
  if (inText.includes('.0.0')) return field;
  if (field === '4.4.7' || field === '4.7.0' || field.startsWith('5.3.')) return inText;
  if (/^[45]\.5\.[1245]$/.test(field)) return inText;
  if (field === '5.1.1') return vague(inText) || inText.startsWith('5.5.') ? field : inText;
  if (field === '5.1.3' && inText.startsWith('5.7.')) return inText;
  return field;
}

/** The first enhanced status code in a text: `#5.1.1`, `550-5.1.1`, `550 5.1.1`, or a bare one. */
export function findStatus(text: string): string {
  const patterns = [
    /\(#([45]\.\d\.\d{1,3})\)?/,
    /\b\d{3}[- ]#?([45]\.\d\.\d{1,3})\b/,
    /\b([45]\.\d\.\d{1,3})\b/,
  ];
  for (const pattern of patterns) {
    const found = pattern.exec(text);
    if (found) return found[1];
  }
  return '';
}

/** The first SMTP reply code at the start of the text or after "said:" / a status prefix. */
export function findReplyCode(text: string): string {
  const found = /(?:^|\bsaid:\s*|\s|\()([245][0-5][0-9])(?=[- ]|$)/.exec(text);
  return found ? found[1] : '';
}
