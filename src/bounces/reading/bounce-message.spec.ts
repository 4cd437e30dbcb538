import { describe, expect, it } from '@jest/globals';
import { BounceMessageRefused, readBounceMessage } from './bounce-message.js';

function nested(levels: number): string {
  let text = 'From: MAILER-DAEMON@example.org\nSubject: deep\n';
  for (let level = 0; level < levels; level += 1) {
    text += `Content-Type: multipart/mixed; boundary="b${level}"\n\n--b${level}\n`;
  }
  return text + 'Content-Type: text/plain\n\nhello\n';
}

describe('readBounceMessage', () => {
  it('keeps the delivery-status part apart from the text and reads the returned headers', async () => {
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
      'Subject: =?UTF-8?B?2YHYtNmE?=',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Your message could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; a@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <m1@example.net>',
      'X-Nashra-Ref: c1.s2',
      '--r--',
      '',
    ].join('\r\n');
    const message = await readBounceMessage(raw);
    expect(message.subject).toBe('فشل');
    expect(message.from).toBe('mailer-daemon@mx.example.org');
    expect(message.body.trim()).toBe('Your message could not be delivered.');
    expect(message.deliveryStatus).toContain('Status: 5.1.1');
    expect(message.returnedHeaders?.get('x-nashra-ref')).toBe('c1.s2');
  });

  it('reads a message without MIME as all body', async () => {
    const message = await readBounceMessage('From: a@example.org\nSubject: x\n\nplain words\n');
    expect(message.body).toBe('plain words\n');
    expect(message.deliveryStatus).toBeNull();
  });

  it('reads 20 levels of nesting but refuses 21', async () => {
    await expect(readBounceMessage(nested(20))).resolves.toMatchObject({ subject: 'deep' });
    await expect(readBounceMessage(nested(21))).rejects.toMatchObject({ code: 'too-deep' });
  });

  it('refuses a 15,000-level nesting quickly, without recursion', async () => {
    const started = Date.now();
    const refusal = await readBounceMessage(nested(15_000)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BounceMessageRefused);
    expect((refusal as BounceMessageRefused).code).toBe('too-deep');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a message over 1 MB', async () => {
    await expect(readBounceMessage(Buffer.alloc(1024 * 1024 + 1, 'a'))).rejects.toMatchObject({
      code: 'too-large',
    });
  });
});
