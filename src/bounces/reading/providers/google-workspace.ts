/**
 * Google Workspace's "** Message not delivered **" reports, which name no recipient: it is the
 * returned message's To. Formats as documented by Sisimai's lib/sisimai/lhost/googleworkspace.rb.
 */
import type { BounceReader } from '../failed-recipient.js';
import { isGmailReport } from './gmail.js';
import { cleanAddress, failedRecipient, reasonFromPhrases } from './report-text.js';

const WORKSPACE_PHRASES = [
  [
    'userunknown',
    ["because the address couldn't be found. Check for typos or unnecessary spaces and try again."],
  ],
  ['notaccept', ['Null MX']],
  ['networkerror', [' had no relevant answers.', ' responded with code NXDOMAIN']],
] as const;

/** The report's own words run from its "** ..." title for a few short paragraphs. */
const MAX_LINES = 30;

export const googleWorkspaceReader: BounceReader = {
  name: 'google-workspace',
  read(message) {
    if (!isGmailReport(message.from, message.subject)) return null;
    if (
      /^Final-Recipient:/im.test(message.deliveryStatus ?? '') ||
      /\n(Diagnostic-Code|Final-Recipient):/.test(message.body)
    )
      return null;
    const lines = message.body.split('\n');
    const title = lines.findIndex((line) => line.startsWith('** '));
    if (title < 0) return null;
    const to = message.returnedHeaders?.get('to') ?? '';
    const recipient = cleanAddress(/<([^>]+)>/.exec(to)?.[1] ?? to.split(',')[0]);
    if (!recipient) return null;

    const diagnostic = lines
      .slice(title, title + MAX_LINES)
      .filter((line) => line.trim() && !line.startsWith('Content-Type: '))
      .join(' ');
    return [
      failedRecipient({
        recipient,
        diagnostic,
        reason: reasonFromPhrases(diagnostic, WORKSPACE_PHRASES),
      }),
    ];
  },
};
