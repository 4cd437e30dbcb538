import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** What Express's "trust proxy" takes: a hop count, or the proxies' addresses, CIDRs and names. */
export type TrustProxy = false | number | string[];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const TRUE_REFUSED =
  '`true` trusts every hop, so the left-most X-Forwarded-For, which the client writes, would count ' +
  'as its address (rate limits, consent records); give the number of proxies in front (1) or their ' +
  'addresses (10.0.0.0/8,192.168.0.1)';

/**
 * `TRUST_PROXY`: unset, `false` or `0` trusts no proxy; `1` the one in front (the right-most
 * X-Forwarded-For entry is the visitor); a comma-separated list trusts those addresses only.
 */
export const trustProxy = z
  .string()
  .trim()
  .transform((value, context): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false' || lower === '0') return false;
    if (lower === 'true') {
      context.addIssue({ code: 'custom', message: TRUE_REFUSED });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const wrong = entries.filter((entry) => !proxyAddress(entry));
    if (wrong.length > 0 || entries.length === 0) {
      context.addIssue({
        code: 'custom',
        message: `a hop count (1) or proxy addresses/CIDRs (10.0.0.0/8,192.168.0.1), not ${wrong.join(', ') || 'an empty list'}`,
      });
      return z.NEVER;
    }
    return entries;
  });

function proxyAddress(entry: string): boolean {
  if (NAMES.has(entry.toLowerCase())) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!v4 && !ipaddr.IPv6.isValid(address)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128));
}
