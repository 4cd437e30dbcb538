import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { CompiledTemplate } from '../rendering/template-renderer.js';
import { MimeTemplate } from './mime-template.js';

const paragraphs = readFileSync(
  join(import.meta.dirname, '../../test/fixtures/article-ar.txt'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim());

// Arabic paragraphs, long lines, "=" and trailing spaces, and slots at the edges and mid-word.
const html = `[[preferences_url]]<html lang="ar" dir="rtl"><body><p style="margin:0;">${paragraphs.join('</p>\n<p>')}</p>
<a href="[[unsubscribe_url]]">إلغاء الاشتراك</a>   
<td width="100%" style="x=1">${'ـ'.repeat(300)}</td>[[unsubscribe_url]]`;
// Lines that start with a dot would need SMTP dot-stuffing; the template encodes them instead.
const text = `.${paragraphs.slice(0, 3).join('\n.\n')}\n.\n..\nإلغاء الاشتراك: [[unsubscribe_url]]\nالتفضيلات:[[preferences_url]]`;

describe('a campaign’s prebuilt MIME message', () => {
  const template = new CompiledTemplate(html, text);
  const mime = new MimeTemplate({
    from: 'نشرة الحل نت <newsletter@news.example>',
    subject: 'نشرة الصباح — الثلاثاء 24 نوفمبر 2026',
    headers: {
      'List-Unsubscribe': '<[[unsubscribe_url]]>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Nashra-Ref': '[[ref]]',
    },
    html: template.htmlParts,
    text: template.textParts,
  });
  const values = {
    to: 'reader-7@readers.example',
    date: new Date('2026-11-24T04:00:00Z').toUTCString(),
    message_id: 'campaign.3.7@news.example',
    ref: 'c3.s7',
    unsubscribe_url: `https://news.example/unsubscribe/${'A'.repeat(150)}=&x=1`,
    preferences_url: 'https://news.example/preferences/TOKEN',
  };

  it('reads back as exactly what the template renders for that recipient', async () => {
    const raw = mime.render(values);
    const parsed = await simpleParser(raw);
    const expected = template.render(values);
    // Text travels with CRLF line ends, MIME's canonical form.
    const lf = (value: string | false | undefined) => String(value).replace(/\r\n/g, '\n');
    expect(lf(parsed.html)).toBe(expected.html);
    expect(lf(parsed.text)).toBe(expected.text);
    expect(parsed.subject).toBe('نشرة الصباح — الثلاثاء 24 نوفمبر 2026');
    expect(parsed.from?.value).toEqual([
      { name: 'نشرة الحل نت', address: 'newsletter@news.example' },
    ]);
    expect(parsed.messageId).toBe('<campaign.3.7@news.example>');
    expect(parsed.headers.get('x-nashra-ref')).toBe('c3.s7');
    const line = (key: string) => parsed.headerLines.find((header) => header.key === key)?.line;
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(line('list-unsubscribe')).toBe(`List-Unsubscribe: <${values.unsubscribe_url}>`);
    expect(parsed.to).toMatchObject({ value: [{ address: 'reader-7@readers.example' }] });
  });

  it('keeps every line within 998 bytes, and body lines within 76, all ending in CRLF', () => {
    const raw = mime.render(values).toString('latin1');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    const body = raw.slice(head.length);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(raw).not.toMatch(/\r\n\./);
  });

  it('gives each part the smaller transfer encoding, and reads back either way', async () => {
    // Arabic text is 2 bytes a letter: quoted-printable would make each 6, base64 under 3.
    expect(mime.encodings).toEqual({ text: 'base64', html: 'base64' });
    const ascii = new CompiledTemplate(
      `<p>${'Mostly markup and English, with one word of Arabic: نشرة. '.repeat(40)}<a href="[[unsubscribe_url]]">x</a></p>`,
      `${'.Plain English text. '.repeat(40)}\n.\n[[unsubscribe_url]]`,
    );
    const latin = new MimeTemplate({
      from: 'News <newsletter@news.example>',
      subject: 'Morning',
      headers: {},
      html: ascii.htmlParts,
      text: ascii.textParts,
    });
    expect(latin.encodings).toEqual({ text: 'quoted-printable', html: 'quoted-printable' });
    for (const [source, built] of [
      [template, mime],
      [ascii, latin],
    ] as const) {
      const raw = built.render(values);
      const parsed = await simpleParser(raw);
      const expected = source.render(values);
      expect(String(parsed.html).replace(/\r\n/g, '\n')).toBe(expected.html);
      expect(String(parsed.text).replace(/\r\n/g, '\n')).toBe(expected.text);
      const body = raw.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
      for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
      expect(raw.toString('latin1')).not.toMatch(/\r\n\./);
    }
    // Base64's third more, and no more: quoted-printable made Arabic text 3 times its size.
    const rendered = template.render(values);
    const bodies = Buffer.byteLength(rendered.html) + Buffer.byteLength(rendered.text);
    expect(mime.render(values).length).toBeLessThan(bodies * (4 / 3) * (78 / 76) + 1500);
  });

  it('refuses a value that would break a header', () => {
    expect(() => mime.render({ ...values, to: 'a@b.example\r\nBcc: x@y.example' })).toThrow(
      /single line/,
    );
    expect(() => mime.render({ ...values, ref: undefined as unknown as string })).toThrow(
      /no value for \[\[ref\]\]/,
    );
  });

  it('encodes a base64 part once up to its first slot, whatever the length before it', async () => {
    // 57 bytes make one base64 line: heads of whole lines, one byte more or less, and no slot.
    for (const headBytes of [0, 56, 57, 58, 57 * 40, 57 * 40 + 1]) {
      const head = 'ن'.repeat(Math.floor(headBytes / 2)) + 'x'.repeat(headBytes % 2);
      const tail = 'ي'.repeat(200);
      for (const body of [`${head}[[unsubscribe_url]]${tail}`, `${head}${tail}`]) {
        const compiled = new CompiledTemplate(body, body);
        const built = new MimeTemplate({
          from: 'نشرة <newsletter@news.example>',
          subject: 'موجز',
          headers: {},
          html: compiled.htmlParts,
          text: compiled.textParts,
        });
        expect(built.encodings.html).toBe('base64');
        const parsed = await simpleParser(built.render(values));
        expect(String(parsed.html)).toBe(compiled.render(values).html);
        // Byte for byte the part as one base64 run: no padding or short line where a slot was.
        const whole = Buffer.from(compiled.render(values).html).toString('base64');
        const raw = built.render(values).toString('latin1');
        expect(raw).toContain(`\r\n\r\n${whole.match(/.{1,76}/g)!.join('\r\n')}\r\n`);
      }
    }
  });
});
