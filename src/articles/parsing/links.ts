/**
 * The base a relative link is read against: an `xml:base` (itself perhaps relative) over its
 * parent's base, which is at the top the feed's own URL after redirects.
 */
export function withBase(parent: string, xmlBase: unknown): string {
  if (typeof xmlBase !== 'string' || !xmlBase.trim()) return parent;
  try {
    return new URL(xmlBase.trim(), parent || undefined).toString();
  } catch {
    return parent;
  }
}

/** An absolute http(s) URL for a link as a feed gives it, or '' when it cannot be one. */
export function resolveLink(href: string, base: string): string {
  const trimmed = href.trim();
  if (!trimmed) return '';
  try {
    const url = new URL(trimmed, base || undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : '';
  } catch {
    return '';
  }
}

/** A guid is also the item's link only when it is an absolute http(s) URL itself. */
export function absoluteHttpUrl(value: string): string {
  return /^https?:\/\//i.test(value.trim()) ? resolveLink(value, '') : '';
}
