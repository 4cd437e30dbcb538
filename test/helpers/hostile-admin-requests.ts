/** The admin API's values at and past their edges, and the queries of its list pages. */
import { type HostileContext, type HostileRequest } from './hostile-payloads.js';

/** Well-typed bodies whose values no calendar, clock, cron or id column can hold. */
export function edgeValueRequests(c: HostileContext): HostileRequest[] {
  const headers = { Authorization: `Bearer ${c.adminToken}`, 'Content-Type': 'application/json' };
  const schedule = { list: 'quiet', cron: '0 3 1 1 *', timezone: 'Asia/Baghdad', subject: 'حدود' };
  const edges: [string, string, Record<string, unknown>][] = [
    ...[
      '0 0 31 2 *',
      '*/0 * * * *',
      '60 * * * *',
      '0 0 * * 8',
      '@reboot',
      '* * * * * * *',
      '0 0 L * *',
    ].map((cron): [string, string, Record<string, unknown>] => [
      'POST',
      '/api/admin/schedules',
      { ...schedule, cron },
    ]),
    ...['Mars/Olympus', 'UTC+3', '../../etc/passwd', 'Etc/GMT+99', 'asia/baghdad'].map(
      (timezone): [string, string, Record<string, unknown>] => [
        'POST',
        '/api/admin/schedules',
        { ...schedule, timezone },
      ],
    ),
    ['POST', '/api/admin/schedules', { ...schedule, maxArticles: 1e9, minArticles: -0 }],
    ['POST', '/api/admin/schedules', { ...schedule, sinceHours: 1e308 }],
    ['PATCH', `/api/admin/schedules/${c.ids.schedule}`, { cron: '0 0 31 2 *' }],
    [
      'POST',
      '/api/admin/campaigns',
      { list: 'quiet', subject: 'حدود', articleIds: ['99999999999999999999', '-1', '1e3', '0x10'] },
    ],
    [
      'POST',
      '/api/admin/campaigns',
      {
        list: 'quiet',
        subject: 'حدود',
        articleIds: Array.from({ length: 1000 }, (_, i) => String(i)),
      },
    ],
    ['POST', '/api/admin/campaigns', { list: 'quiet', subject: 'حدود', sinceHours: 1e-300 }],
    ['POST', '/api/admin/campaigns', { list: 'quiet', subjects: ['a', 'a', 'a', 'a', 'a'] }],
    ['POST', '/api/admin/campaigns', { list: 'QUIET', subject: 'حدود' }],
    ...[
      '9999-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
    ].map((at): [string, string, Record<string, unknown>] => [
      'POST',
      `/api/admin/campaigns/${c.ids.campaign}/send`,
      { at },
    ]),
    ['POST', '/api/admin/articles', { url: 'javascript:alert(1)', title: 'x' }],
    [
      'POST',
      '/api/admin/articles',
      { url: 'https://news.example/edge', title: 'x', imageUrl: 'data:text/html,<script>' },
    ],
    [
      'POST',
      '/api/admin/articles',
      { url: 'https://news.example/edge', title: 'x', publishedAt: '9999-12-31T23:59:59Z' },
    ],
    ['POST', '/api/admin/lists', { slug: 'قائمة', name: 'x' }],
    ['POST', '/api/admin/lists', { slug: 'daily', name: 'x' }],
    [
      'POST',
      '/api/admin/subscribers',
      { email: 'edge@example.com', lists: ['daily', 'no-such-list'] },
    ],
    ['POST', '/api/admin/subscribers', { email: 'edge@[127.0.0.1]', lists: ['daily'] }],
    [
      'POST',
      '/api/admin/subscribers',
      { email: `${'a'.repeat(65)}@example.com`, lists: ['daily'] },
    ],
    ['POST', '/api/subscriptions', { email: 'edge@example.com', lists: ['no-such-list'] }],
    [
      'POST',
      '/api/subscriptions',
      { email: 'edge@example.com', lists: Array.from({ length: 21 }, (_, i) => `l${i}`) },
    ],
    ['POST', '/api/subscriptions', { email: 'edge@exam\u202Eple.com' }],
    ['POST', '/api/admin/feeds', { url: 'http://127.0.0.1:6379/', pollMinutes: 1 }],
    ['POST', '/api/admin/feeds', { url: 'file:///etc/passwd' }],
    ['POST', '/api/admin/feeds', { url: 'https://feeds.example.invalid/rss', pollMinutes: 1.5 }],
  ];
  return edges.map(([method, path, body]) => ({
    label: `${method} ${path} edge ${JSON.stringify(body).slice(0, 60)}`,
    method,
    path,
    headers,
    body: JSON.stringify(body),
  }));
}

/** Queries of list pages, exports, previews: values of the wrong type, size and number. */
export function queryRequests(c: HostileContext): HostileRequest[] {
  const admin = { Authorization: `Bearer ${c.adminToken}` };
  const session = { Cookie: c.editor.cookie, Accept: 'text/html' };
  const queries = [
    'before=99999999999999999999',
    'before=1e3&limit=1e3',
    'before=-1&limit=0',
    'before=0x10&limit=0x10',
    'limit=abc&status=%FF',
    'limit[]=1&limit[]=2',
    'status=__proto__&search=%00',
    'search=%27%20OR%201=1--',
    'reason=constructor&before=1.5',
    'q=%00&search=a%00b&list=%00&status=%00',
    `search=${'%25'.repeat(300)}`,
    'offset=99999999999999999999&limit=200',
  ];
  const paths: [string, Record<string, string>][] = [
    ['/api/admin/subscribers', admin],
    ['/api/admin/suppressions', admin],
    ['/api/admin/campaigns', admin],
    ['/api/admin/articles', admin],
    ['/api/admin/subscribers/export', admin],
    [`/api/admin/campaigns/${c.ids.campaign}/preview`, admin],
    ['/admin/subscribers', session],
    ['/admin/subscribers/export', session],
    ['/admin/articles', session],
    ['/admin', session],
    ['/admin/campaigns', session],
    ['/admin/account', session],
    ['/admin/editors', session],
    ['/admin/schedules/new', session],
    ['/admin/campaigns/new', session],
    ['/subscribe', { Accept: 'text/html' }],
    ['/dev/inbox', { Accept: 'text/html' }],
  ];
  const requests: HostileRequest[] = [];
  paths.forEach(([path, headers], p) => {
    for (let k = 0; k < 4; k++) {
      const query = queries[(p * 4 + k) % queries.length];
      requests.push({
        label: `GET ${path}?${query.slice(0, 30)}`,
        method: 'GET',
        path: `${path}?${query}`,
        headers,
      });
    }
  });
  requests.push({
    label: 'GET preview ?format=%00',
    method: 'GET',
    path: `/api/admin/campaigns/${c.ids.campaign}/preview?format=%00`,
    headers: admin,
    expect: 422,
  });
  return requests;
}
