/** Ids in paths, the links in emails and the editors' forms (with the session and its CSRF token). */
import {
  type HostileContext,
  type HostileRequest,
  HOSTILE_IDS,
  TEMPLATES,
  OVER_LIMIT,
  preview,
} from './hostile-payloads.js';

/** Ids in the paths of the admin API, the editors' pages and the dev inbox. */
export function idRequests(c: HostileContext): HostileRequest[] {
  const admin = { Authorization: `Bearer ${c.adminToken}` };
  const session = { Cookie: c.editor.cookie, 'X-CSRF-Token': c.editor.csrf, Accept: 'text/html' };
  const routes: [string, string, Record<string, string>][] = [
    ['GET', '/api/admin/lists/:id', admin],
    ['DELETE', '/api/admin/lists/:id', admin],
    ['GET', '/api/admin/subscribers/:id', admin],
    ['DELETE', '/api/admin/subscribers/:id', admin],
    ['DELETE', '/api/admin/suppressions/:id', admin],
    ['GET', '/api/admin/feeds/:id', admin],
    ['POST', '/api/admin/feeds/:id/poll', admin],
    ['DELETE', '/api/admin/feeds/:id', admin],
    ['GET', '/api/admin/campaigns/:id', admin],
    ['GET', '/api/admin/campaigns/:id/preview', admin],
    ['POST', '/api/admin/campaigns/:id/pause', admin],
    ['POST', '/api/admin/campaigns/:id/cancel', admin],
    ['GET', '/api/admin/schedules/:id', admin],
    ['DELETE', '/api/admin/schedules/:id', admin],
    ['GET', '/admin/campaigns/:id', session],
    ['GET', '/admin/campaigns/:id/progress', session],
    ['GET', '/admin/campaigns/:id/preview', session],
    ['POST', '/admin/campaigns/:id/resume', session],
    ['GET', '/admin/schedules/:id/edit', session],
    ['POST', '/admin/schedules/:id/delete', session],
    ['GET', '/admin/feeds/:id/edit', session],
    ['POST', '/admin/feeds/:id/pause', session],
    ['POST', '/admin/subscribers/:id/erase', session],
    ['POST', '/admin/account/tokens/:id/revoke', session],
    ['POST', '/admin/editors/:id', session],
    ['GET', '/dev/inbox/:id', {}],
    ['GET', '/dev/inbox/:id/html', {}],
    ['GET', '/dev/inbox/:id/raw', {}],
  ];
  const requests: HostileRequest[] = [];
  routes.forEach(([method, template, headers], r) => {
    for (let k = 0; k < 6; k++) {
      const id = HOSTILE_IDS[(r * 6 + k) % HOSTILE_IDS.length];
      const path = template.replace(':id', id);
      requests.push({ label: `${method} ${template} id=${preview(id)}`, method, path, headers });
    }
  });
  return requests;
}

const LINK_PURPOSES = ['confirm', 'unsubscribe', 'preferences'] as const;

/** The links in emails, with forged, expired, truncated and mangled tokens. */
export function linkRequests(c: HostileContext): HostileRequest[] {
  const { tokens } = c;
  const bad = [
    tokens.wrongSecret,
    tokens.expiredConfirm,
    tokens.unknownSubscriber,
    tokens.unsubscribe.slice(0, -5),
    `${tokens.unsubscribe}x`,
    tokens.confirm.replace(/^./, (first) => (first === 'a' ? 'b' : 'a')),
    '%C0%AF',
    '%FF%FE',
    '\u00ff\u00fe',
    '%00',
    '%E2%80%AE',
    '..%2F..%2Fetc%2Fpasswd',
    "'%20OR%201=1--",
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    encodeURIComponent(TEMPLATES[0]),
    'a'.repeat(8_000),
  ];
  const requests: HostileRequest[] = [];
  LINK_PURPOSES.forEach((purpose, p) => {
    bad.forEach((token, i) => {
      const path = `/${purpose}/${token}`;
      const label = `${purpose} token #${i}`;
      const accept = i % 2 === 0 ? 'text/html' : 'application/json';
      requests.push({ label: `GET ${label}`, method: 'GET', path, headers: { Accept: accept } });
      if ((i + p) % 2 === 0) {
        requests.push({
          label: `POST ${label} (one-click)`,
          method: 'POST',
          path,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
      }
    });
  });
  // A page over a valid token, but a body nobody should send.
  const preferences = `/preferences/${tokens.preferences}`;
  const form = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' };
  for (const body of [
    'lists=%FF&lists=%00&action=save',
    `lists[__proto__][polluted]=yes&action=${'x'.repeat(300)}`,
    'action=leave&action=save',
    `lists=${encodeURIComponent(TEMPLATES[1])}`,
    '%',
    '=&=&&==',
  ]) {
    requests.push({
      label: `POST preferences ${body.slice(0, 30)}`,
      method: 'POST',
      path: preferences,
      headers: form,
      body,
    });
  }
  requests.push(
    {
      label: 'POST preferences as JSON of wrong types',
      method: 'POST',
      path: preferences,
      headers: { 'Content-Type': 'application/json' },
      body: '{"lists":{"a":1},"action":["leave"]}',
    },
    {
      label: 'POST unsubscribe one-click twice-declared',
      method: 'POST',
      path: `/unsubscribe/${tokens.wrongSecret}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click&List-Unsubscribe=One-Click',
    },
  );
  return requests;
}

const FORM_VALUES = [
  'nul%00byte',
  '%E2%80%AErtl',
  '%ED%A0%80',
  '%FF%FE',
  '%',
  '%27%20OR%201=1--',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  encodeURIComponent(TEMPLATES[0]),
  encodeURIComponent(TEMPLATES[2]),
  'x'.repeat(3_000),
];

interface FormEndpoint {
  path: string;
  fields: string[];
}

function formEndpoints(c: HostileContext): FormEndpoint[] {
  const { ids } = c;
  return [
    { path: '/api/subscriptions', fields: ['email', 'name', 'lists'] },
    { path: '/admin/subscribers', fields: ['email', 'name', 'list'] },
    { path: '/admin/campaigns', fields: ['list', 'subject', 'articleIds', 'sinceHours'] },
    { path: `/admin/campaigns/${ids.campaign}/test`, fields: ['email'] },
    { path: `/admin/campaigns/${ids.campaign}/send`, fields: ['at'] },
    { path: '/admin/schedules', fields: ['list', 'cron', 'timezone', 'subject'] },
    { path: `/admin/schedules/${ids.schedule}`, fields: ['cron', 'timezone', 'subject'] },
    { path: '/admin/feeds', fields: ['url', 'pollMinutes'] },
    { path: `/admin/feeds/${ids.feed}`, fields: ['url', 'pollMinutes'] },
    { path: '/admin/account/password', fields: ['current', 'next', 'repeat'] },
    { path: '/admin/account/tokens', fields: ['name'] },
    { path: '/admin/editors', fields: ['email', 'name', 'role', 'password'] },
    { path: `/admin/editors/${c.editor.otherEditorId}`, fields: ['role', 'password'] },
    { path: '/admin/login', fields: ['email', 'password'] },
  ];
}

/** Forms posted with the session and its CSRF token (the signup and login need neither). */
export function formRequests(c: HostileContext): HostileRequest[] {
  const requests: HostileRequest[] = [];
  const csrf = `_csrf=${encodeURIComponent(c.editor.csrf)}`;
  formEndpoints(c).forEach((endpoint, index) => {
    const signedIn = endpoint.path.startsWith('/admin/') && endpoint.path !== '/admin/login';
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: index % 3 === 0 ? 'application/json' : 'text/html',
      ...(signedIn ? { Cookie: c.editor.cookie } : {}),
    };
    const post = (label: string, fields: string, expect?: number) =>
      requests.push({
        label: `POST ${endpoint.path} form ${label}`,
        method: 'POST',
        path: endpoint.path,
        headers,
        body: signedIn ? `${csrf}&${fields}` : fields,
        expect,
      });
    const logins = endpoint.path === '/admin/login';
    const values = logins ? FORM_VALUES.slice(0, 4) : FORM_VALUES;
    values.forEach((value, v) => {
      const field = endpoint.fields[(v + index) % endpoint.fields.length];
      post(`${field}=${value.slice(0, 20)}`, `${field}=${value}&password=short`);
    });
    for (const field of endpoint.fields) post(`${field} with NUL`, `${field}=a%00b`);
    const [first] = endpoint.fields;
    post('repeated keys', `${first}=a@example.com&${first}=b@example.com&${first}=`);
    post(
      'bracketed keys',
      `${first}[a][b][c]=1&__proto__[polluted]=yes&constructor[prototype][polluted]=yes`,
    );
    if (!logins) post('over the body limit', `${first}=${'x'.repeat(OVER_LIMIT)}`, 413);
    if (!logins)
      post('many parameters', Array.from({ length: 150 }, (_, i) => `k${i}=v`).join('&'));
  });
  // The CSRF token itself repeated, forged or missing: refused before anything happens.
  for (const body of [
    `_csrf=${encodeURIComponent(c.editor.csrf)}&_csrf=${encodeURIComponent(c.editor.csrf)}&name=x`,
    '_csrf=forged&name=x',
    '_csrf=%FF&name=x',
    'name=x',
  ]) {
    requests.push({
      label: `POST /admin/account/tokens csrf ${body.slice(0, 12)}`,
      method: 'POST',
      path: '/admin/account/tokens',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: c.editor.cookie },
      body,
      expect: 403,
    });
  }
  requests.push({
    label: 'POST /admin/logout without CSRF',
    method: 'POST',
    path: '/admin/logout',
    headers: { Cookie: c.editor.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  requests.push({
    label: 'POST revoke a token by an id with a tail',
    method: 'POST',
    path: `/admin/account/tokens/${c.ids.apiToken}abc/revoke`,
    headers: { Cookie: c.editor.cookie, 'X-CSRF-Token': c.editor.csrf },
  });
  for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '%FF']) {
    requests.push({
      label: `POST /admin/campaigns/:id/${action}`,
      method: 'POST',
      path: `/admin/campaigns/${c.ids.campaign}/${action}`,
      headers: {
        ...{ Cookie: c.editor.cookie, 'X-CSRF-Token': c.editor.csrf },
        Accept: 'text/html',
      },
      // An escape that decodes to no text is a bad request, before any route is chosen.
      expect: action === '%FF' ? 400 : 404,
    });
  }
  return requests;
}
