/**
 * The known meaning of big providers' error texts when they are the remote server (Sisimai's
 * "rhost" rules, lib/sisimai/rhost/*.rb). The classifier calls `remoteHostReason` first; null
 * means "no provider rule applies", and the generic reading goes on.
 */
import type { BounceReason, FailedRecipient } from '../failed-recipient.js';
import {
  AOL_PHRASES,
  APPLE_PHRASES,
  FRANCEPTT_CODES,
  GODADDY_CODES,
  GODADDY_PHRASES,
  GOOGLE_PHRASES,
  MICROSOFT_PHRASES,
  MIMECAST_PHRASES,
  NTTDOCOMO_PHRASES,
  OUTLOOK_PHRASES,
  TENCENT_PHRASES,
  YAHOO_PHRASES,
  ZOHO_PHRASES,
  type PhraseTable,
} from './remote-host-phrases.js';

interface RemoteHostRule {
  name: string;
  /** Host name endings of the provider's servers (a leading dot: any host below that domain). */
  hosts: readonly string[];
  reason(recipient: FailedRecipient, text: string): BounceReason | undefined;
}

function byPhrases(table: PhraseTable) {
  return (_recipient: FailedRecipient, text: string): BounceReason | undefined =>
    table.find(([, phrases]) => phrases.some((phrase) => text.includes(phrase)))?.[0];
}

function goDaddyReason(recipient: FailedRecipient, text: string): BounceReason | undefined {
  const code = / (ib\d{3})\b/.exec(text)?.[1].toUpperCase();
  return (code && GODADDY_CODES[code]) || byPhrases(GODADDY_PHRASES)(recipient, text);
}

function francePttReason(_recipient: FailedRecipient, text: string): BounceReason | undefined {
  const code = /\b(?:lpnaaa|lpn|ofr|ouk)\d*_(\d{3})\b/.exec(text)?.[1];
  if (code) return FRANCEPTT_CODES[code];
  return text.includes('spf/dns de votre nom de domaine') ? 'authfailure' : undefined;
}

/** i.ua links each refusal to `mail.i.ua/err/N/`; N is documented there. */
const IUA_CODES: Readonly<Record<string, BounceReason>> = {
  '1': 'norelaying',
  '2': 'userunknown',
  '3': 'suspend',
  '4': 'mailboxfull',
  '5': 'toomanyconn',
  '6': 'norelaying',
  '7': 'blocked',
  '8': 'rejected',
  '9': 'blocked',
  '10': 'filtered',
};

/** Spectrum's `AUP#In-1310` codes, ranges from Spectrum's "understanding email error codes". */
const SPECTRUM_CODES: ReadonlyArray<readonly [number, number, BounceReason]> = [
  [1000, 1000, 'blocked'],
  [1010, 1080, 'rejected'],
  [1090, 1090, 'systemerror'],
  [1100, 1150, 'requireptr'],
  [1160, 1190, 'policyviolation'],
  [1200, 1250, 'blocked'],
  [1260, 1260, 'networkerror'],
  [1300, 1340, 'toomanyconn'],
  [1350, 1490, 'speeding'],
  [1500, 1520, 'rejected'],
  [1530, 1530, 'mesgtoobig'],
  [1540, 1550, 'speeding'],
  [1560, 1560, 'policyviolation'],
  [1580, 1580, 'speeding'],
];

function spectrumReason(_recipient: FailedRecipient, text: string): BounceReason | undefined {
  const code = Number(/aup#[a-z]*-?(\d{4})/.exec(text)?.[1] ?? NaN);
  return SPECTRUM_CODES.find(([low, high]) => code >= low && code <= high)?.[2];
}

/** NTT DOCOMO answers "550 Unknown user" after DATA for its senders' filters, not for dead boxes. */
function nttDocomoReason(recipient: FailedRecipient, text: string): BounceReason | undefined {
  if (recipient.status === '5.1.1') return 'userunknown';
  if (recipient.status === '5.2.0') return 'filtered';
  const stated = byPhrases(NTTDOCOMO_PHRASES)(recipient, text);
  if (stated) return stated;
  return text.includes('550 unknown user') ? 'rejected' : undefined;
}

/** au (KDDI) says "550 : User unknown" for its receivers' filters, "550 <address>: User unknown" for dead ones. */
function kddiReason(_recipient: FailedRecipient, text: string): BounceReason | undefined {
  if (text.includes('550 : user unknown')) return 'filtered';
  return text.includes('>: user unknown') ? 'userunknown' : undefined;
}

/** Google Workspace's own relay (googlemail.com) reports DNS trouble in its words. */
function googleWorkspaceReason(recipient: FailedRecipient, text: string): BounceReason | undefined {
  const permanent = recipient.status.startsWith('5') || recipient.replyCode.startsWith('5');
  if (text.includes('null mx')) return 'notaccept';
  if (
    text.includes(
      "because the address couldn't be found. check for typos or unnecessary spaces and try again.",
    )
  )
    return 'userunknown';
  const dnsTrouble = [
    ' had no relevant answers.',
    'responded with code nxdomain',
    'domain name not found',
  ];
  if (!dnsTrouble.some((phrase) => text.includes(phrase))) return undefined;
  return permanent ? 'hostunknown' : 'networkerror';
}

const RULES: readonly RemoteHostRule[] = [
  { name: 'aol', hosts: ['.mail.aol.com', '.mx.aol.com'], reason: byPhrases(AOL_PHRASES) },
  {
    name: 'apple',
    hosts: ['.mail.icloud.com', '.apple.com', '.me.com'],
    reason: byPhrases(APPLE_PHRASES),
  },
  {
    name: 'france-ptt',
    hosts: ['.laposte.net', '.orange.fr', '.wanadoo.fr'],
    reason: francePttReason,
  },
  {
    name: 'godaddy',
    hosts: ['smtp.secureserver.net', 'mailstore1.secureserver.net'],
    reason: goDaddyReason,
  },
  {
    name: 'google',
    hosts: ['aspmx.l.google.com', 'gmail-smtp-in.l.google.com'],
    reason: byPhrases(GOOGLE_PHRASES),
  },
  { name: 'google-workspace', hosts: ['googlemail.com'], reason: googleWorkspaceReason },
  {
    name: 'iua',
    hosts: ['.email.ua'],
    reason: (_recipient, text) => IUA_CODES[/\.i\.ua\/err\/(\d+)\//.exec(text)?.[1] ?? ''],
  },
  { name: 'kddi', hosts: ['.ezweb.ne.jp', 'msmx.au.com'], reason: kddiReason },
  {
    name: 'microsoft',
    hosts: [
      '.prod.outlook.com',
      '.protection.outlook.com',
      '.onmicrosoft.com',
      '.exchangelabs.com',
    ],
    reason: byPhrases(MICROSOFT_PHRASES),
  },
  { name: 'mimecast', hosts: ['.mimecast.com'], reason: byPhrases(MIMECAST_PHRASES) },
  { name: 'nttdocomo', hosts: ['mfsmax.docomo.ne.jp'], reason: nttDocomoReason },
  { name: 'outlook', hosts: ['.hotmail.com'], reason: byPhrases(OUTLOOK_PHRASES) },
  { name: 'spectrum', hosts: ['charter.net'], reason: spectrumReason },
  { name: 'tencent', hosts: ['.qq.com'], reason: byPhrases(TENCENT_PHRASES) },
  { name: 'yahoo', hosts: ['.yahoodns.net'], reason: byPhrases(YAHOO_PHRASES) },
  { name: 'zoho', hosts: ['.zoho.com', '.zohomail.com'], reason: byPhrases(ZOHO_PHRASES) },
];

/** `dns; mx.example.com. (192.0.2.1, ...)` or `[mx.example.com]` → `mx.example.com`. */
function hostName(value: string): string {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^dns;\s*/, '')
    .split(/[\s([]/)[0];
  return host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function endsWithHost(host: string, pattern: string): boolean {
  return pattern.startsWith('.')
    ? host.endsWith(pattern) || host === pattern.slice(1)
    : host === pattern || host.endsWith(`.${pattern}`);
}

/**
 * The provider whose servers these are: by the remote host, else by the recipient's own domain
 * when it is the provider's (as Sisimai also tries the destination).
 */
function ruleFor(recipient: FailedRecipient, remoteHost: string): RemoteHostRule | undefined {
  const host = hostName(remoteHost);
  const domain = recipient.recipient.split('@')[1]?.toLowerCase() ?? '';
  return (
    (host
      ? RULES.find((rule) => rule.hosts.some((pattern) => endsWithHost(host, pattern)))
      : undefined) ??
    (domain
      ? RULES.find((rule) =>
          rule.hosts.some(
            (pattern) =>
              endsWithHost(domain, pattern) || endsWithHost(pattern.replace(/^\./, ''), domain),
          ),
        )
      : undefined)
  );
}

/**
 * The reason a provider's documented error text gives, or null. `remoteHost` is the report's
 * Remote-MTA, else the host named in the diagnostic, else the Reporting-MTA ('' when none).
 */
export function remoteHostReason(
  recipient: FailedRecipient,
  remoteHost: string,
): BounceReason | null {
  if (!recipient.diagnostic) return null;
  const rule = ruleFor(recipient, remoteHost);
  return rule?.reason(recipient, recipient.diagnostic.toLowerCase()) ?? null;
}
