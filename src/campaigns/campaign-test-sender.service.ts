import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { listHeaders } from '../delivery/list-headers.js';
import { Links } from '../delivery/links.js';
import { type Mailer, MAILER } from '../delivery/mailer.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { CampaignRenderer } from './campaign-renderer.service.js';
import type { Campaign } from './entities/campaign.entity.js';

/** Previews and test copies: the real digest, with the links of subscriber 0, who does not exist. */
/**
 * The policy a previewed email is served with: it runs no script and reaches nothing, even opened
 * outside its frame, so a hostile article cannot act in the editor's session.
 */
export const PREVIEW_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

@Injectable()
export class CampaignTestSender {
  constructor(
    private readonly renderer: CampaignRenderer,
    private readonly links: Links,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(campaign: Campaign): Promise<{ html: string; text: string }> {
    const { template, list } = await this.renderer.compile(campaign);
    return template.render(this.sampleLinks(list));
  }

  /** One copy to `email` through the normal mailer, its subject marked as a test. */
  async send(campaign: Campaign, email: string): Promise<void> {
    const { template, list } = await this.renderer.compile(campaign);
    const links = this.sampleLinks(list);
    await this.mailer.send({
      to: email,
      subject: `[تجربة] ${campaign.subject}`,
      messageId: `test.${campaign.id}.${randomUUID()}@${this.links.mailDomain}`,
      headers: listHeaders({
        unsubscribeUrl: links.unsubscribe_url,
        unsubscribeMailto: this.config.UNSUBSCRIBE_MAILTO,
        listName: list.name,
        listSlug: list.slug,
        mailDomain: this.links.mailDomain,
      }),
      ...template.render(links),
    });
  }

  /** The links open the real pages, which change nothing for subscriber 0. */
  private sampleLinks(list: MailingList) {
    return {
      unsubscribe_url: this.links.unsubscribe(0, list.id),
      preferences_url: this.links.preferences(0),
    };
  }
}
