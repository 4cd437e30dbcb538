import type { Logger } from '@nestjs/common';
import type { DeliveriesRepository } from '../../delivery/deliveries.repository.js';

/**
 * Renews a batch's lease on its claimed rows every third of LEASE_SECONDS while the batch sends,
 * on a timer, so a slow SMTP reply cannot let it lapse under a living worker. When a renewal finds
 * none of its rows, another worker has taken them (this one stalled for a whole lease): `lost`.
 */
export class LeaseKeeper {
  private readonly timer: NodeJS.Timeout;
  lost = false;

  constructor(
    private readonly claim: string,
    private readonly deliveries: DeliveriesRepository,
    leaseSeconds: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.renew(), (leaseSeconds * 1000) / 3);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    try {
      if ((await this.deliveries.renewLease(this.claim)) === 0) this.lost = true;
    } catch (error) {
      // The next renewal may succeed; a lease lapses only after three missed ones.
      this.logger.warn(`lease renewal failed: ${String(error)}`);
    }
  }
}
