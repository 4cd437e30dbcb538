import { Injectable, Logger } from '@nestjs/common';
import { MembershipService } from '../subscribers/membership.service.js';
import { Links } from '../tokens/links.js';
import { topLevelHeaders } from './unsubscribe-mail-headers.js';

/** What one signed address a message came to did. */
export interface MailtoUnsubscribe {
  subscriberId: number;
  /** The list left; 0 for every list. */
  listId: number;
  action: 'unsubscribed' | 'left the list' | 'subscriber gone';
}

export interface UnsubscribeMailOutcome {
  kind: 'unsubscribe';
  processed: MailtoUnsubscribe[];
  /** Addresses with our tag whose signature did not check: nothing was done for them. */
  forged: number;
}

/** More addresses than a mail client ever writes to at once; the rest are not looked at. */
const MAX_ADDRESSES = 20;

/**
 * Mail sent to the signed address of a List-Unsubscribe mailto (`local+u-<signed>@domain`, see
 * Links.unsubscribeMailto): the recipient's mail client asking to leave. The signature, which
 * only the receiver of that email knows, names the subscriber and the list, as the https link's
 * token does; the sender's From is not trusted. Only the message's own top-level To and
 * delivery headers count, never an address quoted inside it.
 */
@Injectable()
export class UnsubscribeMail {
  private readonly logger = new Logger(UnsubscribeMail.name);

  constructor(
    private readonly links: Links,
    private readonly membership: MembershipService,
  ) {}

  /**
   * Acts on a message sent to our signed unsubscribe address. Null when it was not sent to one
   * (nor to a forged one), or is a report or an automatic reply: the bounce reader's to read.
   */
  async handle(raw: Buffer | string): Promise<UnsubscribeMailOutcome | null> {
    const headers = topLevelHeaders(raw);
    if (headers.isReport || headers.autoReplied) return null;
    const outcome: UnsubscribeMailOutcome = { kind: 'unsubscribe', processed: [], forged: 0 };
    const done = new Set<string>();
    for (const address of headers.recipients.slice(0, MAX_ADDRESSES)) {
      const reading = this.links.readUnsubscribeMailto(address);
      if (reading === null) continue;
      if (reading === 'forged') {
        outcome.forged += 1;
        this.logger.debug(`unsubscribe mail to ${address}: the signature does not check`);
        continue;
      }
      const key = `${reading.subscriberId}.${reading.listId}`;
      if (done.has(key)) continue;
      done.add(key);
      const subscriber = await this.membership.unsubscribe(reading.subscriberId, reading.listId);
      outcome.processed.push({
        ...reading,
        action: !subscriber
          ? 'subscriber gone'
          : subscriber.status === 'unsubscribed'
            ? 'unsubscribed'
            : 'left the list',
      });
    }
    return outcome.processed.length + outcome.forged > 0 ? outcome : null;
  }
}
