import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DateHeaderClock } from '../delivery/date-header.js';
import { DkimSigner } from '../delivery/dkim/dkim-signer.js';
import { Links } from '../tokens/links.js';
import { MessageRefs } from '../tokens/message-refs.js';
import { type Mailer, MAILER } from '../delivery/mailer.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { CampaignRenderer } from './campaign-renderer.service.js';
import type { Campaign } from './entities/campaign.entity.js';

/**
 * The policy a previewed email is served with: it runs no script and reaches nothing, even opened
 * outside its frame, so a hostile article cannot act in the editor's session.
 */
export const PREVIEW_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/**
 * Gmail shows "[Message clipped]" and hides the rest, footer and unsubscribe link included, once a
 * message's HTML passes about 102 KB; we count the whole message as sent against it too.
 */
export const GMAIL_CLIP_BYTES = 102_000;

/**
 * The preview and a test copy: the real message, with the links of subscriber 0, who does not
 * exist, and the articles' own links (TRACK_CLICKS counts readers, not the editor's checks).
 */
export interface CampaignSample {
  html: string;
  text: string;
  /** The whole message as it goes out, DKIM signatures included, in bytes. */
  size: number;
  /** The HTML part, decoded, in bytes: what Gmail measures before it clips. */
  htmlSize: number;
  /** Either passes GMAIL_CLIP_BYTES. */
  clipped: boolean;
}

/** Previews and test copies, built by the same encoder as the campaign itself. */
@Injectable()
export class CampaignTestSender {
  private readonly clock = new DateHeaderClock();
  /** Signs the sample the way the mailer signs what it sends, so its size is the real one. */
  private readonly signer: DkimSigner | null;

  constructor(
    private readonly renderer: CampaignRenderer,
    private readonly links: Links,
    private readonly refs: MessageRefs,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.signer = config.dkim ? new DkimSigner(config.dkim) : null;
  }

  /** Throws CampaignRenderError (a 422) when the digest cannot be made. */
  async preview(campaign: Campaign): Promise<CampaignSample> {
    const compiled = await this.renderer.compile(campaign, new Date(), { tracked: false });
    const links = this.sampleLinks(compiled.list);
    const { html, text } = compiled.template.render(links);
    const unsigned = this.renderer
      .message(campaign, compiled)
      .render(this.slots(campaign, links, 'reader@example.com'));
    const raw = this.signer ? await this.signer.sign(unsigned) : unsigned;
    const htmlSize = Buffer.byteLength(html);
    const clipped = Math.max(raw.length, htmlSize) > GMAIL_CLIP_BYTES;
    return { html, text, size: raw.length, htmlSize, clipped };
  }

  /** One copy to `email`, its subject marked as a test. */
  async send(campaign: Campaign, email: string): Promise<void> {
    const compiled = await this.renderer.compile(campaign, new Date(), { tracked: false });
    const mime = this.renderer.message(campaign, compiled, `[تجربة] ${campaign.subject}`);
    await this.mailer.send({
      to: email,
      // A test copy names no subscriber: its bounce comes back untagged and changes nothing.
      envelopeFrom: this.refs.bounceAddress,
      raw: mime.render(this.slots(campaign, this.sampleLinks(compiled.list), email)),
    });
  }

  private slots(
    campaign: Campaign,
    links: ReturnType<CampaignTestSender['sampleLinks']>,
    to: string,
  ) {
    return {
      ...links,
      to,
      date: this.clock.date(),
      message_id: `test.${campaign.id}.${randomUUID()}@${this.links.mailDomain}`,
      ref: `c${campaign.id}.s0`,
    };
  }

  /** The links open the real pages, which change nothing for subscriber 0. */
  private sampleLinks(list: MailingList) {
    const mailto = this.links.unsubscribeMailto(0, list.id);
    return {
      unsubscribe_url: this.links.unsubscribe(0, list.id),
      preferences_url: this.links.preferences(0),
      ...(mailto ? { unsubscribe_mailto: mailto } : {}),
    };
  }
}
