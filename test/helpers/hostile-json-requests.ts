/** Every JSON endpoint: broken JSON, wrong shapes, wrong types and hostile strings in each field. */
import {
  type HostileContext,
  type HostileRequest,
  HOSTILE_STRINGS,
  MALFORMED_JSON,
  WRONG_TYPES,
  OVER_LIMIT,
  json,
  nestedArray,
  nestedJson,
  preview,
} from './hostile-payloads.js';

interface JsonEndpoint {
  method: string;
  path: string;
  /** A well-formed body; only its mutations are sent, never the body itself. */
  sample: Record<string, unknown>;
  headers: Record<string, string>;
}

function jsonEndpoints(c: HostileContext): JsonEndpoint[] {
  const admin = { Authorization: `Bearer ${c.adminToken}` };
  const webhook = { Authorization: `Bearer ${c.webhookSecret}` };
  const { ids } = c;
  return [
    {
      method: 'POST',
      path: '/api/subscriptions',
      sample: { email: 'visitor@example.com', name: 'زائر', lists: ['daily'], source: 'site' },
      headers: {},
    },
    {
      method: 'POST',
      path: '/api/admin/lists',
      sample: { slug: 'hostile-list', name: 'قائمة', description: 'وصف', isPublic: true },
      headers: admin,
    },
    {
      method: 'PATCH',
      path: `/api/admin/lists/${ids.list}`,
      sample: { name: 'قائمة', description: 'وصف', isDefault: false },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/admin/subscribers',
      sample: { email: 'added@example.com', name: 'مضاف', lists: ['daily'], status: 'confirmed' },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/admin/suppressions',
      sample: { email: 'blocked@example.com', detail: 'يدوي' },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/admin/articles',
      sample: {
        url: 'https://news.example/hostile',
        title: 'عنوان',
        summary: 'ملخص',
        tags: ['خبر'],
        guid: 'hostile-guid',
        publishedAt: '2026-01-01T00:00:00Z',
      },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/admin/feeds',
      sample: { url: 'https://feeds.example.invalid/rss', pollMinutes: 60 },
      headers: admin,
    },
    {
      method: 'PATCH',
      path: `/api/admin/feeds/${ids.feed}`,
      sample: { url: 'https://feeds.example.invalid/other', pollMinutes: 30, paused: true },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/admin/campaigns',
      sample: { list: 'daily', subject: 'موضوع', articleIds: ['1'], sinceHours: 24 },
      headers: admin,
    },
    {
      method: 'POST',
      path: `/api/admin/campaigns/${ids.campaign}/send`,
      sample: { at: '2099-01-01T00:00:00Z' },
      headers: admin,
    },
    {
      method: 'POST',
      path: `/api/admin/campaigns/${ids.campaign}/test`,
      sample: { email: 'desk@example.com' },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/admin/schedules',
      sample: {
        list: 'daily',
        cron: '0 3 1 1 *',
        timezone: 'Asia/Baghdad',
        subject: 'نشرة {{date}}',
        maxArticles: 5,
      },
      headers: admin,
    },
    {
      method: 'PATCH',
      path: `/api/admin/schedules/${ids.schedule}`,
      sample: { cron: '0 4 1 1 *', timezone: 'Asia/Dubai', subject: 'نشرة', active: false },
      headers: admin,
    },
    {
      method: 'POST',
      path: '/api/webhooks/bounces',
      sample: { email: 'bounced@example.com', type: 'hard', reason: 'سبب', messageId: '<x@y>' },
      headers: webhook,
    },
  ];
}

/** Every JSON endpoint gets broken JSON, wrong shapes, wrong types per field and hostile strings. */
export function jsonRequests(c: HostileContext): HostileRequest[] {
  const requests: HostileRequest[] = [];
  jsonEndpoints(c).forEach((endpoint, index) => {
    const { method, path, headers } = endpoint;
    const at = (label: string) => `${method} ${path} ${label}`;
    MALFORMED_JSON.forEach((text, i) => {
      if ((i + index) % 2 === 0 || i < 4) {
        requests.push({ label: at(`malformed #${i}`), method, path, ...json(headers, text) });
      }
    });
    requests.push(
      { label: at('nested objects'), method, path, ...json(headers, nestedJson(10_000)) },
      { label: at('nested arrays'), method, path, ...json(headers, nestedArray(10_000)) },
      {
        label: at('over the body limit'),
        method,
        path,
        ...json(headers, JSON.stringify({ email: 'x'.repeat(OVER_LIMIT) })),
        expect: 413,
      },
      {
        label: at('prototype pollution'),
        method,
        path,
        ...json(
          headers,
          `{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"email":"proto@example.com"}`,
        ),
      },
      {
        label: at('as text/plain'),
        method,
        path,
        headers: { ...headers, 'Content-Type': 'text/plain' },
        body: JSON.stringify(endpoint.sample),
      },
      {
        label: at('as multipart'),
        method,
        path,
        headers: { ...headers, 'Content-Type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--xyz--\r\n',
      },
      {
        label: at('in an unknown charset'),
        method,
        path,
        headers: { ...headers, 'Content-Type': 'application/json; charset=ebcdic' },
        body: '{}',
      },
      {
        label: at('gzip that is not gzip'),
        method,
        path,
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body: 'not gzip at all',
      },
    );
    const fields = Object.keys(endpoint.sample);
    fields.forEach((field, f) => {
      for (let k = 0; k < 2; k++) {
        const wrong = WRONG_TYPES[(f * 2 + k + index) % WRONG_TYPES.length];
        const body = JSON.stringify({ ...endpoint.sample, [field]: wrong });
        requests.push({
          label: at(`${field} = ${JSON.stringify(wrong)}`),
          method,
          path,
          ...json(headers, body),
        });
      }
      // PostgreSQL refuses NUL in text: every field gets it. The other strings rotate over the
      // fields, so each endpoint meets all of them.
      const nul = Array.isArray(endpoint.sample[field]) ? ['a\u0000'] : 'a\u0000b';
      const withNul = JSON.stringify({ ...endpoint.sample, [field]: nul });
      requests.push({ label: at(`${field} with NUL`), method, path, ...json(headers, withNul) });
      for (let k = 0; k < 4; k++) {
        const hostile = HOSTILE_STRINGS[(f * 4 + k + index) % HOSTILE_STRINGS.length];
        const value = Array.isArray(endpoint.sample[field]) ? [hostile] : hostile;
        const body = JSON.stringify({ ...endpoint.sample, [field]: value });
        requests.push({
          label: at(`${field} = ${preview(hostile)}`),
          method,
          path,
          ...json(headers, body),
        });
      }
    });
  });
  return requests;
}
