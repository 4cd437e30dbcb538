import { decodeCharset, decodeEncodedWords } from './mime-text.js';

describe('report text', () => {
  it('never holds NUL, whatever bytes or encoded words the report quoted', () => {
    expect(decodeCharset(Buffer.from('no such\u0000user', 'utf8'), '')).toBe('no such\uFFFDuser');
    expect(decodeCharset(Buffer.from([0x61, 0x00, 0xff]), 'iso-8859-1')).toBe('a\uFFFDÿ');
    expect(decodeEncodedWords('=?utf-8?q?a=00b?=')).toBe('a\uFFFDb');
  });
});
