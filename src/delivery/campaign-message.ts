import type { CompiledTemplate } from '../rendering/template-renderer.js';
import { listHeaders } from './list-headers.js';
import { MimeTemplate } from './mime-template.js';

export interface CampaignMessageInput {
  campaignId: number;
  from: string;
  subject: string;
  list: { name: string; slug: string };
  mailDomain: string;
  /** List-Unsubscribe also names the recipient's signed mailto address (UNSUBSCRIBE_MAILTO). */
  unsubscribeMailto?: boolean;
  template: CompiledTemplate;
}

/**
 * A campaign's whole message, MIME-encoded once; each recipient only fills in the slots
 * (to, date, message_id, ref, unsubscribe_url, preferences_url, and unsubscribe_mailto when
 * UNSUBSCRIBE_MAILTO is set). Test copies are built here too, so what an editor sees of a test
 * is byte for byte what readers get.
 */
export function campaignMessage(input: CampaignMessageInput): MimeTemplate {
  return new MimeTemplate({
    from: input.from,
    subject: input.subject,
    headers: {
      ...listHeaders({
        unsubscribeUrl: '[[unsubscribe_url]]',
        unsubscribeMailto: input.unsubscribeMailto ? '[[unsubscribe_mailto]]' : undefined,
        listName: input.list.name,
        listSlug: input.list.slug,
        mailDomain: input.mailDomain,
      }),
      // Gmail's feedback loop groups complaints by these fields (campaign, list, sender).
      'Feedback-ID': `${input.campaignId}:${feedbackField(input.list.slug)}:nashra`,
      'X-Nashra-Ref': '[[ref]]',
    },
    html: input.template.htmlParts,
    text: input.template.textParts,
  });
}

/** A slug as a Feedback-ID field: no colons (they separate the fields), ASCII only. */
function feedbackField(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '-') || 'list';
}
