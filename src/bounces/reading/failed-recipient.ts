/**
 * What every bounce reader returns, whichever MTA wrote the report. The names of the reasons are
 * Sisimai's (the reference bounce analyser), so our figures can be set beside its readings.
 */

/** Why a delivery failed, in Sisimai's vocabulary. */
export type BounceReason =
  | 'userunknown'
  | 'hostunknown'
  | 'hasmoved'
  | 'notaccept'
  | 'mailboxfull'
  | 'expired'
  | 'systemerror'
  | 'systemfull'
  | 'networkerror'
  | 'blocked'
  | 'rejected'
  | 'filtered'
  | 'policyviolation'
  | 'spamdetected'
  | 'virusdetected'
  | 'securityerror'
  | 'authfailure'
  | 'requireptr'
  | 'badreputation'
  | 'notcompliantrfc'
  | 'failedstarttls'
  | 'suspend'
  | 'toomanyconn'
  | 'ratelimited'
  | 'speeding'
  | 'mesgtoobig'
  | 'exceedlimit'
  | 'norelaying'
  | 'contenterror'
  | 'syntaxerror'
  | 'mailererror'
  | 'onhold'
  | 'undefined';

/** What a report says happened to one recipient (RFC 3464's Action, or the text's meaning). */
export type RecipientAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/** The SMTP command the remote server refused; `CONN` is the greeting, before any command. */
export type SmtpCommand =
  'CONN' | 'HELO' | 'EHLO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'BDAT';

/** One recipient as a reader found it in a report, before classification. */
export interface FailedRecipient {
  /** The address as the report gives it, without angle brackets or an `rfc822;` prefix. */
  recipient: string;
  action: RecipientAction;
  /** The enhanced status code (`5.1.1`), or '' when the report gives none. */
  status: string;
  /** The SMTP reply code (`550`), or '' when the report gives none. */
  replyCode: string;
  /** The remote server's or the MTA's own words about this recipient, on one line. */
  diagnostic: string;
  /** Set only when the report's format itself says why (the classifier reads the rest). */
  reason?: BounceReason;
  /**
   * The command the refusal answered, when the report shows it ("after RCPT TO:", "in reply to
   * RCPT TO command", a `>>> RCPT To:` transcript). Sisimai calls "user unknown" hard only at RCPT:
   * after DATA the same words come from a content filter.
   */
  command?: SmtpCommand;
  /** The server that refused (Remote-MTA, or the host the report names), lower case, no brackets. */
  remoteHost?: string;
}

/** The headers and text of a report, read once from its MIME (see bounce-message.ts). */
export interface BounceMessage {
  /** Top-level headers: lower-case names, unfolded, RFC 2047 decoded; the first of a name wins. */
  headers: ReadonlyMap<string, string>;
  /** The Subject, decoded ('' when none). */
  subject: string;
  /** The From address, lower-case ('' when none). */
  from: string;
  /**
   * The report's own readable text: its text/plain parts (or text/html made text), decoded to
   * UTF-8, line ends as \n. Not the delivery-status part and not an attached original message;
   * a free-text bounce that quotes the original inline keeps it here.
   */
  body: string;
  /** The text of a message/delivery-status or message/global-delivery-status part, if any. */
  deliveryStatus: string | null;
  /** The text of a message/feedback-report part (ARF), if any. */
  feedbackReport: string | null;
  /**
   * The headers of the returned original message (a message/rfc822, text/rfc822-headers or
   * message/global-headers part), lower-case names, first wins; null when none is attached.
   */
  returnedHeaders: ReadonlyMap<string, string> | null;
}

/**
 * A reader for one MTA's or provider's reports. It recognises its own reports (by From, Subject,
 * headers or wording) and returns null for anyone else's, so readers can be tried in turn.
 */
export interface BounceReader {
  /** The MTA or provider, for logs and tests (`qmail`, `exim`, `office365`). */
  name: string;
  read(message: BounceMessage): FailedRecipient[] | null;
}
