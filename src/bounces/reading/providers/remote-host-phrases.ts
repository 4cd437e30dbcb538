/**
 * What big providers' servers mean by their error texts, when they are the remote host. Phrase
 * lists (lower case) are facts about what these servers write, as collected by Sisimai's
 * lib/sisimai/rhost/*.rb and go-sisimai's rhost/for-*.go, which cite each provider's documents.
 */
import type { BounceReason } from '../failed-recipient.js';

export type PhraseTable = ReadonlyArray<readonly [BounceReason, readonly string[]]>;

export const AOL_PHRASES: PhraseTable = [
  ['hostunknown', ['host or domain name not found']],
  ['notaccept', ['type=mx: malformed or unexpected name server reply']],
];

export const APPLE_PHRASES: PhraseTable = [
  ['authfailure', ['s dmarc policy', 'blocked for failing both spf and dkim']],
  [
    'blocked',
    [
      'rejected due to having a domain present in the spamhaus',
      'rejected due to listing in spamhaus',
      'blocked - see https://support.proofpoint.com/dnsbl-lookup',
      'not accepting connections',
    ],
  ],
  ['hasmoved', ['recipient no longer on server']],
  ['mailboxfull', ['user is over quota']],
  ['norelaying', ['relay access denied']],
  ['notaccept', ['host/domain does not accept mail']],
  ['policyviolation', ['due to local policy']],
  ['rejected', ['sender address rejected']],
  ['speeding', ['due to excessive volume']],
  ['userunknown', ['inactive email address', 'user does not exist', 'unknown or illegal alias']],
];

export const GODADDY_PHRASES: PhraseTable = [
  ['blocked', ['rbl reject', 'www.spamhaus.org/query/bl?ip=']],
  ['expired', ['has been in the queue too long', 'delivery timeout']],
  ['mailboxfull', ['account storage limit']],
  ['spamdetected', ['message rejected for spam or virus content']],
  ['suspend', ['account disabled']],
  ['systemerror', ['message is looping']],
  ['userunknown', ['recipient not found', 'account does not exist']],
];

/** GoDaddy's " IBnnn" codes (GoDaddy help: "Fix rejected email with a bounce error"). */
export const GODADDY_CODES: Readonly<Record<string, BounceReason>> = {
  IB401: 'securityerror',
  IB501: 'notcompliantrfc',
  IB502: 'notcompliantrfc',
  IB506: 'rejected',
  IB508: 'authfailure',
  IB108: 'requireptr',
  IB212: 'spamdetected',
  IB705: 'virusdetected',
  IB605: 'toomanyconn',
  IB007: 'toomanyconn',
  IB101: 'speeding',
  IB110: 'blocked',
  IB111: 'blocked',
  IB112: 'blocked',
  IB113: 'blocked',
  IB504: 'speeding',
  IB510: 'speeding',
  IB607: 'speeding',
  IB103: 'badreputation',
  IB104: 'blocked',
  IB105: 'blocked',
  IB106: 'blocked',
};

/** Orange / La Poste codes at the end of their texts (`OFR_416`, `LPN007_426`). */
export const FRANCEPTT_CODES: Readonly<Record<string, BounceReason>> = {
  '101': 'blocked',
  '102': 'blocked',
  '103': 'blocked',
  '104': 'toomanyconn',
  '305': 'securityerror',
  '401': 'authfailure',
  '402': 'securityerror',
  '403': 'rejected',
  '405': 'rejected',
  '415': 'rejected',
  '416': 'userunknown',
  '417': 'mailboxfull',
  '420': 'suspend',
  '421': 'rejected',
  '426': 'suspend',
  '505': 'systemerror',
  '506': 'spamdetected',
  '510': 'blocked',
  '514': 'mesgtoobig',
  '517': 'authfailure',
  '630': 'policyviolation',
  '999': 'blocked',
};

export const GOOGLE_PHRASES: PhraseTable = [
  [
    'authfailure',
    [
      'the spf record of the sending domain',
      'senders to authenticate with either spf or dkim',
      'fails to pass spf checks for an spf record with a hard fail',
      'has an spf record with a hard fail policy',
      "is not accepted due to domain's dmarc policy",
      'fails to pass authentication checks',
      'senders to authenticate with spf',
      'senders to authenticate their email with spf',
      'senders to authenticate their email with dkim',
      'senders to authenticate with dkim',
      'aligned with either the authenticated spf or dkim',
      'to add a dmarc record to ',
    ],
  ],
  [
    'badreputation',
    ['very low reputation of the sending ip address', 'very low reputation of the sending domain'],
  ],
  [
    'blocked',
    [
      'ip not in whitelist for rcpt domain',
      'try again later, closing connection.',
      'empty helo/ehlo argument not allowed',
      'helo/ehlo argument is invalid',
      'an unusual rate of unsolicited mail',
      'an unusual rate of mail',
    ],
  ],
  [
    'mesgtoobig',
    ["exceeded google's message size limits", "exceeds google's message size limit of"],
  ],
  [
    'exceedlimit',
    [
      "exceeds google's limit of limit attachments.",
      "your message exceeded google's message header size limits",
      'bytes per individual header size',
      "exceeds google's header name limit of",
      "exceeds google's message header size limit",
    ],
  ],
  ['expired', ['connection expired', 'timeout - closing connection']],
  [
    'failedstarttls',
    [
      'must issue a starttls command first',
      'starttls may not be repeated',
      'tls required for rcpt domain',
      'senders to use tls/ssl for smtp',
    ],
  ],
  ['mailboxfull', ['inbox is out of storage space', 'is over quota', 'email quota exceeded']],
  ['networkerror', ['message exceeded 50 hops']],
  [
    'norelaying',
    [
      'mail relay denied',
      'invalid credentials for relay',
      'is not authorized to send email directly to our servers',
    ],
  ],
  [
    'notcompliantrfc',
    [
      'missing a valid address in the from: header',
      'multiple addresses in from: header are not accepted',
      'is not rfc 5322 compliant',
      'missing a valid message-id: header',
      'contains a unicode character in a disallowed header',
      'encoded-word syntax is not permitted',
      'is not a valid rfc 5321 address',
      'mail message is malformed',
    ],
  ],
  [
    'policyviolation',
    [
      'illegal attachment on your message',
      'blocked because its content presents a potential security issue',
      'you are sending to (or from) has a policy that prohibited',
      'sending messages with the same message-id:',
    ],
  ],
  ['rejected', ['mail sending denied', 'unauthenticated email is not accepted']],
  [
    'requireptr',
    [
      'does not have a ptr record',
      ' have a ptr record, or the ptr record',
      'does not meet ipv6 sending guidelines regarding ptr records and authentication',
      'does not match the ip address of the hostname',
    ],
  ],
  [
    'securityerror',
    [
      'too many login attempts',
      'no identity changes permitted',
      'authentication required.',
      'application-specific password required',
      'please log in with your web browser',
      'please log in through your web browser',
      'username and password not accepted',
    ],
  ],
  [
    'spamdetected',
    ['due to the nature of the content or the links within', 'likely unsolicited mail'],
  ],
  [
    'speeding',
    [
      'is receiving mail too quickly',
      'peak smtp relay limit exceeded for customer',
      'rate that prevents additional messages from being delivered',
      'daily sending quota exceeded',
      'daily user sending limit exceeded',
      'daily smtp relay limit exceeded for',
      'daily smtp relay sending limit exceeded for',
      'this mail has been rate limited',
    ],
  ],
  [
    'suspend',
    ['account that you tried to reach is disabled', 'account that you tried to reach is inactive'],
  ],
  ['toomanyconn', ['your message has too many recipients', 'too many recipients for this sender']],
  [
    'userunknown',
    [
      'the email account that you tried to reach does not exist',
      "because the address couldn't be found",
    ],
  ],
];

export const MICROSOFT_PHRASES: PhraseTable = [
  [
    'authfailure',
    [
      'must pass either spf or dkim validation, this message is not signed',
      'the message was rejected because of sender policy framework violation',
      'does not pass dmarc verification',
      "doesn't meet the required authentication level",
    ],
  ],
  ['badreputation', ['has been temporarily rate limited due to ip reputation']],
  [
    'blocked',
    [
      'connection dropped',
      'access denied, please try again later',
      'must have a reverse dns record',
      'access denied, bad helo',
      'access denied, rejected by recipient',
      'does not accept email over ipv6',
      'access denied, banned sender',
      'using customer block list',
      'access denied, banned sending ip ',
      'part of their network is on our block list (s3150)',
      'traffic not accepted from this ip',
    ],
  ],
  [
    'contenterror',
    [
      'too many related errors',
      'invalid characters',
      'agent generated message depth exceeded',
      'invalid message content',
    ],
  ],
  [
    'mesgtoobig',
    [
      'message too large for this recipient',
      'message size exceeds fixed maximum message size',
      'message too big for system',
    ],
  ],
  [
    'expired',
    [
      'connection timed out',
      'message delayed',
      'queue expired; message expired',
      'message expired',
    ],
  ],
  [
    'failedstarttls',
    [
      ' failed mta-sts validation',
      'starttls is required to send mail',
      'starttls-not-supported:',
      'certificate-expired:',
    ],
  ],
  ['mailboxfull', ['mailbox full', 'mailbox is full', 'mailbox quota exceeded']],
  ['norelaying', ['unable to relay']],
  [
    'securityerror',
    ['client was not authenticated to send anonymous mail', 'authentication unsuccessful'],
  ],
  [
    'userunknown',
    ['recipientnotfound', 'recipient not found by smtp address lookup', 'user unknown'],
  ],
];

export const MIMECAST_PHRASES: PhraseTable = [
  [
    'authfailure',
    [
      'spf sender invalid - envelope rejected',
      'dkim sender invalid - envelope rejected',
      'dmarc sender invalid - envelope rejected',
    ],
  ],
  [
    'badreputation',
    ['internal resources are temporarily unavailable', 'local ct ip reputation - (reject)'],
  ],
  [
    'blocked',
    ['sender address blocked', 'recipient temporarily unavailable', 'ip temporarily blacklisted'],
  ],
  [
    'failedstarttls',
    [
      'this route requires encryption (tls)',
      'this route requires tls version 1.2 or greater',
      'this route requires high-strength ciphers',
      'configuration is invalid for this certificate',
    ],
  ],
  ['mesgtoobig', ['maximum email size exceeded']],
  ['networkerror', ['the incorrect hostname used for inbounds', 'mail loop detected']],
  ['norelaying', ['open relay not allowed', 'open relay is not allowed']],
  ['notaccept', ['account inbounds disabled']],
  [
    'policyviolation',
    [
      'anti-spoofing policy - inbound not allowed',
      'rejected by header-based anti-spoofing policy',
      'message bounced due to content examination policy',
      'host network not allowed',
      'host network, not allowed',
    ],
  ],
  [
    'rejected',
    [
      'administrative prohibition envelope blocked',
      'envelope blocked - user entry',
      'envelope blocked - user domain entry',
      'block policy for header from',
      'envelope rejected - block policy for envelope from address',
    ],
  ],
  ['securityerror', ['incorrect authentication data', 'submitter failed to authenticate']],
  [
    'systemerror',
    [
      'unable to process connection at this time',
      'message ended early',
      'unable to process command',
    ],
  ],
  [
    'toomanyconn',
    [
      'account service is temporarily unavailable',
      'too many recipients',
      'exceeding outbound thread limit',
    ],
  ],
  ['userunknown', ['invalid address', 'invalid recipient']],
];

export const OUTLOOK_PHRASES: PhraseTable = [
  [
    'hostunknown',
    ['the mail could not be delivered to the recipient because the domain is not reachable'],
  ],
  ['userunknown', ['requested action not taken: mailbox unavailable']],
];

export const TENCENT_PHRASES: PhraseTable = [
  ['authfailure', ['spf check failed', 'dmarc check failed']],
  ['blocked', ['suspected bounce attacks', 'suspected spam ip', 'connection denied']],
  ['mesgtoobig', ['message too large']],
  ['rejected', ['suspected spam', 'mail is rejected by recipients']],
  ['spamdetected', ['spam is embedded in the email', 'mail content denied']],
  [
    'speeding',
    ['mailbox unavailable or access denined', 'frequency of receiving messages is limited'],
  ],
  ['suspend', ['is a deactivated mailbox']],
  ['syntaxerror', ['bad address syntax']],
  [
    'toomanyconn',
    [
      'ip frequency limited',
      'domain frequency limited',
      'sender frequency limited',
      'connection frequency limited',
    ],
  ],
  ['userunknown', ['mailbox not found']],
];

export const YAHOO_PHRASES: PhraseTable = [
  ['authfailure', ['yahoo requires all senders to authenticate with either spf or dkim']],
  [
    'blocked',
    [" because the ip is in spamhaus's list;", 'not accepted from ip addresses on spamhaus xbl'],
  ],
  ['norelaying', ['relaying denied for ']],
  ['notcompliantrfc', ['headers are not rfc compliant']],
  ['policyviolation', ['not accepted for policy reasons']],
  [
    'rejected',
    [
      'temporarily deferred due to unexpected volume or user complaints',
      'due to unresolvable rfc.5321 domain',
      ' will be permanently deferred',
    ],
  ],
  ['speeding', ['user is receiving mail too quickly']],
  ['suspend', [' is no longer valid.', 'this mailbox is disabled']],
  ['syntaxerror', ['syntax error in parameters or arguments']],
  ['toomanyconn', ['max message per connection reached']],
  ['userunknown', ["dd this user doesn't have a ", 'mailbox not found']],
];

export const ZOHO_PHRASES: PhraseTable = [
  ['authfailure', ['email rejected per dmarc policy']],
  ['blocked', ['greylisted, try again after some time']],
  [
    'rejected',
    [
      'email cannot be delivered. reason: email flagged as spam',
      'mail rejected by destination domain',
    ],
  ],
  [
    'policyviolation',
    ['email policy violation detected', 'mailbox delivery restricted by policy error'],
  ],
  ['systemerror', ['temporary system error']],
  ['userunknown', ['user does not exist']],
  ['virusdetected', [' detected by zoho mail']],
];

export const NTTDOCOMO_PHRASES: PhraseTable = [
  ['mailboxfull', ['552 too much mail data']],
  ['syntaxerror', ['503 bad sequence of commands', '504 command parameter not implemented']],
  ['toomanyconn', ['552 too many recipients']],
];
