import { lookup, lookupService } from 'node:dns/promises';
import { isIP, isIPv4 } from 'node:net';
import { hostname } from 'node:os';

/** How long the one look-up of the host's canonical name may take before we do without it. */
const LOOKUP_MS = 1000;

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`, 'i');

let hostDomain: Promise<string | null> | undefined;

/**
 * The host's fully-qualified name, or null when it has none: relays that check the EHLO name
 * (Postfix's reject_non_fqdn_helo_hostname) refuse a bare "vm". The host name when it has a
 * dot, else the name the resolver gives the host's own address (as `hostname -f` finds it in
 * /etc/hosts). Looked up once per process and never for longer than LOOKUP_MS.
 */
export function hostDomainName(): Promise<string | null> {
  hostDomain ??= Promise.race([
    canonicalName(hostname()),
    new Promise<null>((resolve) => setTimeout(resolve, LOOKUP_MS, null).unref()),
  ]);
  return hostDomain;
}

/** What we greet with: the configured name, else the host's FQDN, else our address literal. */
export async function heloName(
  configured: string | undefined,
  localAddress: string | undefined,
): Promise<string> {
  return configured ?? (await hostDomainName()) ?? addressLiteral(localAddress);
}

/** RFC 5321 4.1.3: `[192.0.2.1]`, `[IPv6:2001:db8::1]`. */
export function addressLiteral(address: string | undefined): string {
  if (!address) return '[127.0.0.1]';
  const plain = address.replace(/%.*$/, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIPv4(plain) ? `[${plain}]` : `[IPv6:${plain}]`;
}

export function isDomainName(name: string): boolean {
  return DOMAIN.test(name) && isIP(name) === 0 && !/^localhost(\.|$)/i.test(name);
}

async function canonicalName(host: string): Promise<string | null> {
  if (isDomainName(host)) return host;
  try {
    const { address } = await lookup(host);
    const name = (await lookupService(address, 0)).hostname.replace(/\.$/, '');
    return isDomainName(name) ? name : null;
  } catch {
    return null;
  }
}
