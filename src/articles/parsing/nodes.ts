/** What fast-xml-parser makes of an element: attributes as `@_name`, text as `#text`. */
export type Node = Record<string, unknown>;

/** An element's text, trimmed; the first of repeated elements. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object') return text((value as Node)['#text']);
  return String(value).trim();
}

export function attribute(value: unknown, name: string): string {
  const node = Array.isArray(value) ? value[0] : value;
  if (typeof node !== 'object' || node === null) return '';
  const found = (node as Node)[`@_${name}`];
  return typeof found === 'string' ? found.trim() : '';
}

export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
