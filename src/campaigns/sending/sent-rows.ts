import type { DeliveriesRepository } from '../../delivery/deliveries.repository.js';
import type { SentLedger } from '../../delivery/sent-ledger.js';

// Sent rows are written to the database in groups of this many, or this often; the sent ledger
// holds each one from the moment it is accepted until its group is written.
const FLUSH_EVERY = 25;
const FLUSH_MS = 250;

/** A batch's accepted messages on their way to the database: noted at once, written in groups. */
export class SentRows {
  private readonly ids: number[] = [];
  private readonly noted: Promise<void>[] = [];
  private lastFlush = Date.now();

  constructor(
    private readonly campaignId: number,
    private readonly deliveries: DeliveriesRepository,
    private readonly ledger: SentLedger,
  ) {}

  /** The server accepted this row's message. */
  add(deliveryId: number): void {
    this.ids.push(deliveryId);
    this.noted.push(this.ledger.record(this.campaignId, deliveryId));
  }

  get due(): boolean {
    return this.ids.length >= FLUSH_EVERY || Date.now() - this.lastFlush > FLUSH_MS;
  }

  async flush(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.ids.length === 0) return;
    const ids = this.ids.splice(0);
    await Promise.all(this.noted.splice(0));
    await this.deliveries.markSent(ids);
    await this.ledger.forget(this.campaignId, ids);
  }
}
