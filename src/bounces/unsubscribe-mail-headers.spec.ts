import { topLevelHeaders } from './unsubscribe-mail-headers.js';

const message = (head: string[], body: string[] = ['hello']) => [...head, '', ...body].join('\r\n');

describe('the top-level headers of an incoming mail', () => {
  it('collects To, every Delivered-To, X-Original-To and Envelope-To, folded or not, once each', () => {
    const read = topLevelHeaders(
      message([
        'Delivered-To: Box@Example.org',
        'Delivered-To: leave+u-1-0-abc@news.example',
        'From: reader@example.org',
        'To: "A reader" <leave+u-1-0-abc@news.example>,',
        '\tother@example.org',
        'X-Original-To: orig@example.org',
        'Envelope-To: env@example.org',
        'Cc: copied@example.org',
      ]),
    );
    expect(read.recipients).toEqual([
      'box@example.org',
      'leave+u-1-0-abc@news.example',
      'other@example.org',
      'orig@example.org',
      'env@example.org',
    ]);
    expect(read).toMatchObject({ isReport: false, autoReplied: false });
  });

  it('never reads an address below the header block: quoted, attached or in the text', () => {
    const read = topLevelHeaders(
      message(
        ['To: newsletter@example.org', 'Content-Type: multipart/mixed; boundary=x'],
        ['--x', 'Content-Type: message/rfc822', '', 'To: leave+u-1-0-abc@news.example', '--x--'],
      ),
    );
    expect(read.recipients).toEqual(['newsletter@example.org']);
  });

  it('knows a delivery or complaint report and an automatic reply', () => {
    const report = topLevelHeaders(
      message([
        'To: a@example.org',
        'Content-Type: Multipart/Report;',
        ' report-type=delivery-status',
      ]),
    );
    expect(report.isReport).toBe(true);
    expect(topLevelHeaders(message(['Auto-Submitted: auto-replied (vacation)'])).autoReplied).toBe(
      true,
    );
    expect(topLevelHeaders(message(['Auto-Submitted: no'])).autoReplied).toBe(false);
  });
});
