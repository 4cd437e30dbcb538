/** Bodies that are not JSON or forms: CSV uploads and the bounce webhooks' reports. */
import {
  type HostileContext,
  type HostileRequest,
  TEMPLATES,
  multipart,
} from './hostile-payloads.js';

/** CSV imports through the API and the page, with files and forms nobody should upload. */
export function importRequests(c: HostileContext): HostileRequest[] {
  const boundary = 'hostile-boundary';
  const type = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
  const files: [string, Buffer][] = [
    ['no header row', Buffer.from('visitor@example.com,زائر\n')],
    ['NUL bytes', Buffer.from('email,name\nnul\u0000@example.com,a\u0000b\n')],
    [
      'invalid UTF-8',
      Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xff, 0xfe, 0xc0, 0xaf, 0x0a]),
    ],
    ['an unclosed quote', Buffer.from('email,name\n"open@example.com,x\n')],
    ['formula cells', Buffer.from("email,name\n=cmd|' /C calc'!A0,@SUM(1+1)\n")],
    ['binary', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256))],
    ['an empty file', Buffer.alloc(0)],
    ['RTL override names', Buffer.from('email,name\n\u202Ertl@example.com,\u202Eمحمد\n')],
  ];
  const requests: HostileRequest[] = [];
  const targets: { path: string; headers: Record<string, string> }[] = [
    {
      path: '/api/admin/subscribers/import?list=quiet',
      headers: { Authorization: `Bearer ${c.adminToken}` },
    },
    {
      path: `/admin/subscribers/import?list=no-such-list&_csrf=${encodeURIComponent(c.editor.csrf)}`,
      headers: { Cookie: c.editor.cookie, Accept: 'text/html' },
    },
  ];
  for (const target of targets) {
    for (const [label, content] of files) {
      requests.push({
        label: `POST import ${target.path.slice(0, 24)} ${label}`,
        method: 'POST',
        path: target.path,
        headers: { ...target.headers, ...type },
        body: multipart(boundary, [{ name: 'file', filename: 'readers.csv', content }]),
      });
    }
    const broken: [string, Record<string, string>, Buffer | string][] = [
      ['no boundary', { 'Content-Type': 'multipart/form-data' }, 'whatever'],
      [
        'wrong boundary',
        type,
        '--other\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--other--',
      ],
      [
        'unterminated',
        type,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail\n`,
      ],
      ['no file part', type, multipart(boundary, [{ name: 'list', content: '%FF' }])],
      [
        'two files',
        type,
        multipart(boundary, [
          { name: 'file', filename: 'a.csv', content: 'email\n' },
          { name: 'file', filename: 'b.csv', content: 'email\n' },
        ]),
      ],
      ['JSON instead', { 'Content-Type': 'application/json' }, '{"file":"email\\n"}'],
      [
        'a filename with a path',
        type,
        multipart(boundary, [
          { name: 'file', filename: '../../etc/passwd\u0000.csv', content: 'email\n' },
        ]),
      ],
    ];
    for (const [label, headers, body] of broken) {
      requests.push({
        label: `POST import ${target.path.slice(0, 24)} ${label}`,
        method: 'POST',
        path: target.path,
        headers: { ...target.headers, ...headers },
        body,
      });
    }
  }
  for (const query of [
    '',
    '?list=',
    '?list[]=daily',
    '?list=daily&confirmed=maybe',
    '?list=%FF',
    '?list=daily&list=daily',
  ]) {
    requests.push({
      label: `POST /api/admin/subscribers/import${query}`,
      method: 'POST',
      path: `/api/admin/subscribers/import${query}`,
      headers: { Authorization: `Bearer ${c.adminToken}`, ...type },
      body: multipart(boundary, [{ name: 'file', filename: 'a.csv', content: 'nope\n' }]),
    });
  }
  return requests;
}

/** A delivery status report around `fields` (one recipient's block). */
const report = (fields: string) =>
  `Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n${fields}\r\n--r--\r\n`;

/** The webhooks: without and with the secret, JSON of every wrong kind, raw reports nobody wrote. */
export function webhookRequests(c: HostileContext): HostileRequest[] {
  const secret = { Authorization: `Bearer ${c.webhookSecret}` };
  const dsn = (label: string, body: string | Buffer, type = 'message/rfc822', expect?: number) => ({
    label: `POST /api/webhooks/dsn ${label}`,
    method: 'POST',
    path: '/api/webhooks/dsn',
    headers: { ...secret, 'Content-Type': type },
    body,
    expect,
  });
  const deepReport = Array.from(
    { length: 200 },
    (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
  ).join('');
  return [
    {
      label: 'bounces without the secret',
      method: 'POST',
      path: '/api/webhooks/bounces',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email":"a@b.c","type":"hard"}',
      expect: 401,
    },
    {
      label: 'bounces with a forged secret',
      method: 'POST',
      path: '/api/webhooks/bounces',
      headers: { Authorization: `Bearer ${c.webhookSecret}x`, 'Content-Type': 'application/json' },
      body: '{}',
      expect: 401,
    },
    {
      label: 'bounces with a secret in the header',
      method: 'POST',
      path: '/api/webhooks/bounces',
      headers: { 'X-Webhook-Secret': "' OR 1=1--", 'Content-Type': 'application/json' },
      body: '{}',
      expect: 401,
    },
    {
      label: 'dsn without the secret',
      method: 'POST',
      path: '/api/webhooks/dsn',
      headers: { 'Content-Type': 'message/rfc822' },
      body: 'x',
      expect: 401,
    },
    dsn('empty', '', 'message/rfc822', 422),
    dsn('as JSON', '{"email":"a@b.c"}', 'application/json'),
    dsn('NUL bytes', Buffer.from([0, 0, 0, 0x0a, 0, 0x0d, 0x0a])),
    dsn('invalid UTF-8', Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0x0a, 0x0a, 0xed, 0xa0, 0x80])),
    dsn('headers only', 'Subject: hello\r\nFrom: <a@b.c>\r\n'),
    dsn(
      'a broken multipart/report',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="zz"\r\n\r\n--zz\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822;\u202Eevil@example.com\r\nAction: failed\r\nStatus: 9.9.9\r\n',
    ),
    dsn('deeply nested', deepReport),
    dsn('over 1 MB', Buffer.alloc(1024 * 1024 + 10, 0x41), 'message/rfc822', 413),
    dsn('a template subject', `Subject: ${TEMPLATES[0]}\r\n\r\n${TEMPLATES[1]}`),
    dsn(
      'NUL inside the report fields',
      report(
        'Final-Recipient: rfc822; nul\u0000@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <nul\u0000@example.com> no such\u0000user',
      ),
      'multipart/report',
    ),
    dsn(
      'RTL override and a template in the diagnostic',
      report(
        `Final-Recipient: rfc822; \u202Ertl@example.com\r\nAction: failed\r\nStatus: 5.7.1\r\nDiagnostic-Code: smtp; 550 ${TEMPLATES[2]}`,
      ),
      'multipart/report',
    ),
    dsn(
      'SQL in the recipient',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="q"\r\n\r\n--q\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; \' OR 1=1--@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n--q--\r\n',
      'multipart/report',
    ),
  ];
}
