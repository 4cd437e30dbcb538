/** Spreads sends evenly at `ratePerSecond` (with a one-second burst); 0 means no limit. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly ratePerSecond: number) {
    this.tokens = ratePerSecond;
  }

  async take(): Promise<void> {
    if (this.ratePerSecond <= 0) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(
        this.ratePerSecond,
        this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
      );
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)),
      );
    }
  }
}
