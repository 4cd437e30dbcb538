/** One relay of SMTP_URLS: where to send, its share of the mail and its own speed limit. */
export interface RelayUrl {
  /** smtp:// or smtps://, credentials included, without the `#weight=…&rate=…` part. */
  url: string;
  /** Its share of the messages against the other relays' weights (1 by default). */
  weight: number;
  /** Messages per second per process; 0 means no limit. */
  rate: number;
  /** host:port: how health, metrics and logs name it (never the credentials). */
  label: string;
}

export const RELAY_URLS_FORMAT = 'smtp://user:pass@host:587#weight=3&rate=50, smtps://…';

const MAX_WEIGHT = 1000;

/**
 * SMTP_URLS, comma-separated. A bad entry throws with its position and, once its address can be
 * read, its host:port: the message goes to the boot log, so it never repeats the entry itself,
 * whose password would go with it. A comma inside a password is written %2C.
 */
export function parseRelayUrls(list: string): RelayUrl[] {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error(`names no relay (expected ${RELAY_URLS_FORMAT})`);
  const relays = entries.map((entry, index) => parseEntry(entry, `entry ${index + 1}`));
  const labels = new Set<string>();
  relays.forEach((relay, index) => {
    if (labels.has(relay.label)) {
      throw new Error(`entry ${index + 1} (${relay.label}) names a relay given before it`);
    }
    labels.add(relay.label);
  });
  return relays;
}

function parseEntry(entry: string, name: string): RelayUrl {
  let parsed: URL;
  try {
    parsed = new URL(entry);
  } catch {
    throw new Error(`${name} is not a URL (expected ${RELAY_URLS_FORMAT})`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`${name} must start with smtp:// or smtps://`);
  }
  if (!parsed.hostname) throw new Error(`${name} names no host`);
  const label = relayLabel(parsed);
  const options = new URLSearchParams(parsed.hash.slice(1));
  const unknown = [...options.keys()].filter((key) => key !== 'weight' && key !== 'rate');
  if (unknown.length > 0) {
    throw new Error(`${name} (${label}): unknown option ${unknown[0]} (weight and rate only)`);
  }
  const weight = options.has('weight') ? Number(options.get('weight')) : 1;
  if (
    !Number.isInteger(weight) ||
    weight < 1 ||
    weight > MAX_WEIGHT ||
    options.get('weight') === ''
  ) {
    throw new Error(`${name} (${label}): weight must be a whole number from 1 to ${MAX_WEIGHT}`);
  }
  const rate = options.has('rate') ? Number(options.get('rate')) : 0;
  if (!Number.isFinite(rate) || rate < 0 || options.get('rate') === '') {
    throw new Error(`${name} (${label}): rate must be messages per second, 0 or more`);
  }
  parsed.hash = '';
  return { url: parsed.href, weight, rate, label };
}

/** host:port, with the port each scheme defaults to (587, 465) spelled out. */
function relayLabel(url: URL): string {
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  return `${url.hostname}:${port}`;
}
