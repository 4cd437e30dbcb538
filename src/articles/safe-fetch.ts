import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  /** Returns why an address may not be contacted, or null when it may. */
  addressPolicy?: (address: string) => string | null;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  acceptTypes?: RegExp;
}

export type FetchResult =
  | { status: 'not_modified'; url: string }
  | {
      status: 'ok';
      url: string;
      /** The bytes as sent: the parser decodes them by the charset, BOM or XML declaration. */
      body: Buffer;
      contentType: string;
      etag: string | null;
      lastModified: string | null;
    };

/** A fetch that was refused or failed, with a reason an editor can read. */
export class FetchError extends Error {}

// The registered types, the x- ones many servers still send (Apache, Python's http.server), and text/xml.
const FEED_TYPES =
  /^(application\/(x-)?(rss\+xml|atom\+xml|rdf\+xml|xml|json|feed\+json)|text\/(xml|rss\+xml|atom\+xml))\b/i;

/**
 * Refuses every address that is not public unicast: loopback, private, link-local, unique-local, …
 * and every IPv6 form that carries an IPv4 address whose range is not public (a host or a NAT64,
 * 6to4 or Teredo relay would deliver to the IPv4 one).
 */
export function publicAddressesOnly(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const refusal = embeddedRefusal(address, parsed as ipaddr.IPv6);
    if (refusal !== undefined) return refusal;
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/**
 * undefined: no IPv4 inside; null: only public ones; else the refusal, worded as for any address
 * (the admin pages translate that sentence; the range named is the IPv4 address's).
 */
function embeddedRefusal(address: string, ipv6: ipaddr.IPv6): string | null | undefined {
  const inside = embeddedIPv4(ipv6);
  if (inside.length === 0) return undefined;
  for (const ipv4 of inside) {
    const range = ipv4.range();
    if (range !== 'unicast') return `${address} is a ${range} address`;
  }
  return null;
}

function embeddedIPv4(ipv6: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = ipv6.parts;
  const at = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  const range = ipv6.range();
  if (range === 'unspecified' || range === 'loopback') return [];
  // ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated, SIIT)
  if (zeros(0, 5) && (p[5] === 0 || p[5] === 0xffff)) return [at(p[6], p[7])];
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return [at(p[6], p[7])];
  // 64:ff9b::/96, the well-known NAT64 prefix; the local-use 64:ff9b:1::/48 stays refused.
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return [at(p[6], p[7])];
  // 2002:AABB:CCDD::/48, 6to4
  if (p[0] === 0x2002) return [at(p[1], p[2])];
  // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, Teredo: the server, then the client (bits inverted)
  if (p[0] === 0x2001 && p[1] === 0) return [at(p[2], p[3]), at(~p[6] & 0xffff, ~p[7] & 0xffff)];
  return [];
}

export const allowAnyAddress = () => null;

/**
 * GETs a feed behind an SSRF guard: http(s) only; every address is checked where the socket
 * connects (the DNS answer itself, so a name that resolves to 127.0.0.1 is refused too), again on
 * every redirect (at most 5); a deadline, a size cap and a content-type check. Conditional GET
 * with ETag / Last-Modified.
 */
export async function safeFetch(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const policy = options.addressPolicy ?? publicAddressesOnly;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await request(current, options, policy, deadline);
    const location = response.headers.location;
    if (
      response.statusCode &&
      response.statusCode >= 300 &&
      response.statusCode < 400 &&
      response.statusCode !== 304
    ) {
      response.resume();
      if (!location) throw new FetchError(`HTTP ${response.statusCode} without a Location`);
      if (redirects >= (options.maxRedirects ?? 5)) throw new FetchError('more than 5 redirects');
      current = new URL(location, current).toString();
      continue;
    }
    if (response.statusCode === 304) {
      response.resume();
      return { status: 'not_modified', url: current };
    }
    if (response.statusCode !== 200) {
      response.resume();
      throw new FetchError(`HTTP ${response.statusCode}`);
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (!(options.acceptTypes ?? FEED_TYPES).test(contentType)) {
      response.resume();
      throw new FetchError(`wrong content type: ${contentType || 'none'}`);
    }
    const body = await readBody(response, options.maxBytes ?? 5 * 1024 * 1024, deadline);
    return {
      status: 'ok',
      url: current,
      body,
      contentType,
      etag: header(response, 'etag'),
      lastModified: header(response, 'last-modified'),
    };
  }
}

function request(
  target: string,
  options: FetchOptions,
  policy: (address: string) => string | null,
  deadline: number,
): Promise<IncomingMessage> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.reject(new FetchError(`not a URL: ${target}`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new FetchError(`refused: only http and https, not ${url.protocol}`));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    // Node connects to a literal address without a lookup, so it is checked here.
    const refusal = policy(host);
    if (refusal) return Promise.reject(new FetchError(`refused: ${refusal}`));
  }
  const headers: Record<string, string> = {
    'User-Agent': 'Nashra feed reader (+https://github.com/nashra)',
    Accept:
      'application/rss+xml, application/atom+xml, application/xml, text/xml, application/json;q=0.9',
  };
  if (options.etag) headers['If-None-Match'] = options.etag;
  if (options.lastModified) headers['If-Modified-Since'] = options.lastModified;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchError('timed out after 10 s'));
    const req = client.get(
      url,
      { headers, lookup: guardedLookup(policy), timeout: remaining },
      resolve,
    );
    req.setTimeout(remaining, () =>
      req.destroy(
        new FetchError(`timed out after ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`),
      ),
    );
    req.on('error', (error) =>
      reject(error instanceof FetchError ? error : new FetchError(error.message)),
    );
  });
}

/** Resolves like dns.lookup, then refuses the answer if any address breaks the policy. */
function guardedLookup(policy: (address: string) => string | null): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refusal = addresses.map((entry) => policy(entry.address)).find(Boolean);
      if (refusal)
        return callback(new FetchError(`refused: ${hostname} resolves to ${refusal}`), '', 0);
      if (options.all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function readBody(response: IncomingMessage, maxBytes: number, deadline: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    response.destroy();
    return Promise.reject(new FetchError(`too large: ${declared} bytes (limit ${maxBytes})`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => response.destroy(new FetchError('timed out reading the body')),
      Math.max(deadline - Date.now(), 1),
    );
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) response.destroy(new FetchError(`too large: over ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    response.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    response.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof FetchError ? error : new FetchError(error.message));
    });
    response.on('close', () => {
      clearTimeout(timer);
      if (!response.complete)
        reject(
          new FetchError(
            size > maxBytes ? `too large: over ${maxBytes} bytes` : 'connection closed early',
          ),
        );
    });
  });
}

function header(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value.slice(0, 500) : null;
}
