/** How one relay stands, as /health, /metrics and the logs show it. */
export interface RelayState {
  label: string;
  status: 'up' | 'down';
  /** While down: when it is tried again. */
  downUntil?: Date;
  /** Messages it accepted, refused (a reply to that message), and lost to a failed connection. */
  sent: number;
  refused: number;
  failed: number;
  /** Connection failures since its last accepted message. */
  consecutiveFailures: number;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** Down 10 s after the first failure, then twice as long after each failed return, 5 min at most. */
export const RELAY_BACKOFF: Backoff = { firstMs: 10_000, maxMs: 5 * 60_000 };

interface Relay {
  label: string;
  weight: number;
  /** Smooth weighted round-robin's running score. */
  current: number;
  downUntil: number;
  /** Times it went down since its last accepted message: the back-off doubles with each. */
  strikes: number;
  consecutiveFailures: number;
  sent: number;
  refused: number;
  failed: number;
}

/**
 * Which relay takes the next message, and which are down. Pure: the clock is passed in. The
 * choice is nginx's smooth weighted round-robin among the relays up, so weights 3 and 1 give
 * a a b a, a a b a…: every relay gets its share evenly spread, not in bursts.
 */
export class RelayBoard {
  private readonly relays: Relay[];

  constructor(
    relays: { label: string; weight: number }[],
    private readonly backoff: Backoff = RELAY_BACKOFF,
  ) {
    this.relays = relays.map(({ label, weight }) => ({
      label,
      weight,
      current: 0,
      downUntil: 0,
      strikes: 0,
      consecutiveFailures: 0,
      sent: 0,
      refused: 0,
      failed: 0,
    }));
  }

  /** The index of the relay for the next message, among those up and not in `tried`; null if none. */
  pick(now: number, tried: ReadonlySet<number> = new Set()): number | null {
    let best: Relay | null = null;
    let total = 0;
    for (const [index, relay] of this.relays.entries()) {
      if (tried.has(index) || relay.downUntil > now) continue;
      relay.current += relay.weight;
      total += relay.weight;
      if (!best || relay.current > best.current) best = relay;
    }
    if (!best) return null;
    best.current -= total;
    return this.relays.indexOf(best);
  }

  /**
   * Its connection failed. A relay up goes down for its back-off; true when it did so now (to be
   * logged). A failure while it is already down (messages that were under way) changes nothing
   * but the counts: one outage is one strike. A failed probe (/health) had no message to lose.
   */
  connectionFailed(index: number, now: number, lostMessage = true): boolean {
    const relay = this.relays[index]!;
    if (lostMessage) relay.failed += 1;
    relay.consecutiveFailures += 1;
    if (relay.downUntil > now) return false;
    relay.strikes += 1;
    const wait = Math.min(this.backoff.firstMs * 2 ** (relay.strikes - 1), this.backoff.maxMs);
    relay.downUntil = now + wait;
    // Back in the choice with no score saved up: it gets its share from now on, no burst.
    relay.current = 0;
    return true;
  }

  /** It accepted a message. True when it had been down: it is back (to be logged). */
  accepted(index: number): boolean {
    const relay = this.relays[index]!;
    const wasDown = relay.strikes > 0;
    relay.sent += 1;
    relay.strikes = 0;
    relay.consecutiveFailures = 0;
    relay.downUntil = 0;
    return wasDown;
  }

  /** It answered with a refusal of that one message: it is up and talking. */
  refusedMessage(index: number): void {
    this.relays[index]!.refused += 1;
  }

  label(index: number): string {
    return this.relays[index]!.label;
  }

  downUntil(index: number): Date {
    return new Date(this.relays[index]!.downUntil);
  }

  states(now: number): RelayState[] {
    return this.relays.map((relay) => ({
      label: relay.label,
      status: relay.downUntil > now ? 'down' : 'up',
      ...(relay.downUntil > now ? { downUntil: new Date(relay.downUntil) } : {}),
      sent: relay.sent,
      refused: relay.refused,
      failed: relay.failed,
      consecutiveFailures: relay.consecutiveFailures,
    }));
  }
}
