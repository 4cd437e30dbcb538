/** Upper bounds (seconds) of the SMTP send latency histogram, shared by the workers and /metrics. */
export const SEND_LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export function sendLatencyKey(prefix: string): string {
  return `${prefix}:metrics:send-latency`;
}

/** The bucket index of one observation; the last index (bucket count) is +Inf. */
export function bucketIndex(seconds: number): number {
  const index = SEND_LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
  return index === -1 ? SEND_LATENCY_BUCKETS.length : index;
}
