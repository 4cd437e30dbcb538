import { decodeFeed } from './decode.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const rss = (declaration: string, title: string) =>
  `${declaration}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe('decodeFeed', () => {
  it('reads the XML declaration when the server names no charset', () => {
    const bytes = latin1(rss('<?xml version="1.0" encoding="ISO-8859-1"?>', 'Mãe'));
    expect(decodeFeed(bytes, 'application/rss+xml').text).toContain('<title>Mãe</title>');
    // UTF-8 would have made «M�e» of it.
    expect(decodeFeed(latin1(rss('', 'Mãe')), '').text).toContain('M\uFFFDe');
  });

  it('prefers the HTTP charset to the declaration, and a BOM to both', () => {
    const bytes = latin1(rss('<?xml version="1.0" encoding="UTF-8"?>', 'Mãe'));
    expect(decodeFeed(bytes, 'text/xml; charset="iso-8859-1"')).toMatchObject({
      encoding: 'windows-1252',
      unknownLabel: null,
    });
    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(rss('\n<?xml version="1.0" encoding="windows-1256"?>', 'العراق')),
    ]);
    const decoded = decodeFeed(withBom, 'application/rss+xml; charset=windows-1256');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('<title>العراق</title>');
    expect(decoded.text.startsWith('\n<?xml')).toBe(true);
  });

  it('reads UTF-16 by its byte order mark', () => {
    const text = rss('<?xml version="1.0" encoding="UTF-16"?>', 'خبر');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeFeed(bytes, 'application/xml').text).toBe(text);
  });

  it('decodes the WHATWG encodings: windows-1256, ISO-8859-2, GB2312, Shift_JIS', () => {
    // «عل» in windows-1256, «Łódź» in ISO-8859-2, «新闻» in GB2312, «ニュース» in Shift_JIS.
    const cases: [string, number[], string][] = [
      ['windows-1256', [0xda, 0xe1], 'عل'],
      ['iso-8859-2', [0xa3, 0xf3, 0x64, 0xbc], 'Łódź'],
      ['gb2312', [0xd0, 0xc2, 0xce, 0xc5], '新闻'],
      ['shift_jis', [0x83, 0x6a, 0x83, 0x85, 0x81, 0x5b, 0x83, 0x58], 'ニュース'],
    ];
    for (const [label, bytes, text] of cases) {
      const body = Buffer.concat([latin1('<t>'), Buffer.from(bytes), latin1('</t>')]);
      expect(decodeFeed(body, `application/xml; charset=${label}`).text).toBe(`<t>${text}</t>`);
    }
  });

  it('finds a <meta charset> in a document without an XML declaration', () => {
    const page = Buffer.concat([
      latin1('<html><head><meta charset="windows-1256"></head><body>'),
      Buffer.from([0xda, 0xe1]),
      latin1('</body></html>'),
    ]);
    expect(decodeFeed(page, 'application/xml').text).toContain('<body>عل</body>');
    const equiv = latin1(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">M\xe3e',
    );
    expect(decodeFeed(equiv, '').text).toContain('Mãe');
  });

  it('reads an unknown label as UTF-8 and says which label it was', () => {
    const bytes = Buffer.from(rss('<?xml version="1.0"?>', 'خبر'));
    expect(decodeFeed(bytes, 'application/rss+xml; charset=x-klingon')).toMatchObject({
      encoding: 'utf-8',
      unknownLabel: 'x-klingon',
    });
    expect(decodeFeed(bytes, 'application/rss+xml; charset=x-klingon').text).toContain('خبر');
  });

  it('believes the declaration over a server that says UTF-8 of bytes that are not', () => {
    const bytes = Buffer.concat([
      latin1('<?xml version="1.0" encoding="windows-1256"?><t>'),
      Buffer.from([0xda, 0xe1]),
      latin1('</t>'),
    ]);
    expect(decodeFeed(bytes, 'text/xml; charset=utf-8')).toMatchObject({
      encoding: 'windows-1256',
    });
    expect(decodeFeed(bytes, 'text/xml; charset=utf-8').text).toContain('<t>عل</t>');
  });
});
