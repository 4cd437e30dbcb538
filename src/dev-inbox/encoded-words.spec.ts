import { encodeWords } from 'nodemailer/lib/mime-funcs';
import { decodeEncodedWords } from './encoded-words.js';

describe('decodeEncodedWords', () => {
  it('reads back what our MIME template encodes, in base64 and quoted-printable', () => {
    const subject = 'أكّد اشتراكك في النشرة البريدية — نشرة';
    expect(decodeEncodedWords(`Subject: ${encodeWords(subject, 'B', 52)}`)).toBe(
      `Subject: ${subject}`,
    );
    expect(decodeEncodedWords(encodeWords('Ünïcode naïve', 'Q', 20))).toBe('Ünïcode naïve');
  });

  it('joins a letter whose bytes an encoder split between two words', () => {
    // «نشرة» is d9 86 d8 b4 d8 b1 d8 a9: the second word starts in the middle of «ش».
    const split = `=?UTF-8?B?${Buffer.from([0xd9, 0x86, 0xd8]).toString('base64')}?= =?UTF-8?B?${Buffer.from([0xb4, 0xd8, 0xb1, 0xd8, 0xa9]).toString('base64')}?=`;
    expect(decodeEncodedWords(`From: ${split} <newsletter@localhost>`)).toBe(
      'From: نشرة <newsletter@localhost>',
    );
  });

  it('keeps the text around the words, other charsets, and what it cannot decode', () => {
    expect(decodeEncodedWords('To: reader@example.com')).toBe('To: reader@example.com');
    expect(decodeEncodedWords('Re: =?ISO-8859-1?Q?caf=E9?= ok')).toBe('Re: café ok');
    expect(decodeEncodedWords('=?x-no-such-charset?B?YWJj?=')).toBe('=?x-no-such-charset?B?YWJj?=');
    // Only the space between two encoded words goes, whatever their charsets.
    expect(decodeEncodedWords('=?UTF-8?Q?a?= =?ISO-8859-1?Q?b?= c')).toBe('ab c');
    expect(decodeEncodedWords('=?UTF-8?Q?a_?= =?UTF-8?Q?b?=')).toBe('a b');
  });
});
