/**
 * The hostile-input catalogue's shared parts: what a stranger, a broken client or a careless
 * script can send. The hostile-*-requests files aim them at each route family. Most requests must
 * be refused (4xx); a few are well-formed enough to be accepted, and those may change things.
 */

export interface HostileRequest {
  label: string;
  method: string;
  /** Sent as written: percent-escapes stay escaped, and characters up to U+00FF go out as raw bytes. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The one status the request must get, where there is exactly one right answer. */
  expect?: number;
}

/** What the catalogue needs to know about the running app. */
export interface HostileContext {
  adminToken: string;
  webhookSecret: string;
  editor: { cookie: string; csrf: string; otherEditorId: string };
  ids: {
    list: string;
    subscriber: string;
    campaign: string;
    schedule: string;
    feed: string;
    suppression: string;
    apiToken: string;
    inboxMessage: string;
  };
  tokens: {
    confirm: string;
    unsubscribe: string;
    preferences: string;
    expiredConfirm: string;
    wrongSecret: string;
    unknownSubscriber: string;
  };
}

/** Payloads that would show as `tpl49end` if anything evaluated them. */
export const TEMPLATES = ['tpl{{7*7}}end', 'tpl${7*7}end', 'tpl<%= 7*7 %>end', 'tpl#{7*7}end'];
export const EVALUATED_TEMPLATE = /tpl\s*49\s*end/;

export const HOSTILE_STRINGS = [
  'nul\u0000byte',
  'rtl\u202Eoverride\u202Cend',
  'bidi\u2066\u2067\u2068\u200F\u061Cmarks\u2069',
  'lone\uD800surrogate\uDFFFhalves',
  "' OR 1=1--",
  '1; DROP TABLE subscribers; --',
  '"><script>alert(1)</script><img src=x onerror=alert(2)>',
  ...TEMPLATES,
  'x'.repeat(10_000),
  'line\r\nBcc: victim@example.com',
];

/** Ids as they arrive in paths: none of them names a row. */
export const HOSTILE_IDS = [
  '1e3',
  '-1',
  '0x10',
  '99999999999999999999',
  '1;%20DROP%20TABLE%20lists',
  '%27%20OR%201=1--',
  '%C0%AF',
  '%FF',
  '%00',
  '%E2%80%AE1',
  '1.5',
  '9'.repeat(2_000),
  '__proto__',
  'constructor',
];

export const MALFORMED_JSON = [
  '{',
  '{"email":',
  '{"a":1} trailing garbage',
  '\uFEFF{"email":"bom@example.com"}',
  "{'single':'quotes'}",
  '{"a":1,}',
  '',
  'null',
  '"just a string"',
  '12',
  '[]',
  'NaN',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
];

export const WRONG_TYPES: unknown[] = [[], 12, null, {}, true, ['a', ['b']], { $gt: '' }, -1e308];

export const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** Just past the 64 kB limit of the JSON and form parsers. */
export const OVER_LIMIT = 70 * 1024;

/** A JSON request body with its content type, beside the headers already chosen. */
export const json = (headers: Record<string, string>, body: string) => ({
  headers: { ...headers, 'Content-Type': 'application/json' },
  body,
});

export function multipart(
  boundary: string,
  parts: { name: string; filename?: string; content: string | Buffer }[],
) {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.filename
      ? `form-data; name="${part.name}"; filename="${part.filename}"`
      : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export function preview(value: string): string {
  const shown = value.length > 24 ? `${value.slice(0, 24)}…(${value.length})` : value;
  return JSON.stringify(shown);
}
