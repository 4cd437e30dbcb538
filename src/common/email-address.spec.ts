import { emailKey, normalizeEmail } from './email-address.js';

describe('normalizeEmail', () => {
  it.each([
    ['  Reader@Example.COM ', 'Reader@example.com'],
    ['a.b+news@sub.example.org', 'a.b+news@sub.example.org'],
    ['qaraa@مثال.عرب', 'qaraa@xn--mgbh0fb.xn--ngbrx'],
    ['x@bücher.de', 'x@xn--bcher-kva.de'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email: expected });
  });

  it.each([
    [''],
    ['plain'],
    ['@example.com'],
    ['a@'],
    ['a@localhost'],
    ['a@example.123'],
    ['a..b@example.com'],
    ['.a@example.com'],
    ['"quoted"@example.com'],
    ['a b@example.com'],
    ['a@example.com\r\nBcc: x@example.com'],
    ['قارئ@example.com'],
    ['a＠example.com'],
    ['a@gmаil.com'],
    ['a@-example.com'],
    [`${'a'.repeat(65)}@example.com`],
    [`a@${'b'.repeat(64)}.com`],
    [
      `a@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.com`,
    ],
  ])('refuses %j', (input) => {
    const result = normalizeEmail(input);
    expect(result.ok).toBe(false);
  });

  it('refuses values that are not strings', () => {
    expect(normalizeEmail(['a@example.com'])).toEqual({
      ok: false,
      reason: 'email must be a string',
    });
    expect(normalizeEmail({ $ne: '' })).toEqual({ ok: false, reason: 'email must be a string' });
  });
});

describe('emailKey', () => {
  it('is one key for every case of the local part', () => {
    const typed = ['Bomb@example.com', 'bOmb@Example.COM', ' BOMB@example.com'];
    const keys = typed.map((input) => {
      const checked = normalizeEmail(input);
      if (!checked.ok) throw new Error(checked.reason);
      return emailKey(checked.email);
    });
    expect(new Set(keys)).toEqual(new Set(['bomb@example.com']));
  });

  it('keeps what is not a letter as it is', () => {
    expect(emailKey("A.b+News_1!#$%&'*/=?^`{|}~-@xn--bcher-kva.de")).toBe(
      "a.b+news_1!#$%&'*/=?^`{|}~-@xn--bcher-kva.de",
    );
  });
});
