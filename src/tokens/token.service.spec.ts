import { TokenService } from './token.service.js';

describe('TokenService', () => {
  const tokens = new TokenService({ APP_SECRET: 'a'.repeat(40) });
  const inAnHour = Math.floor(Date.now() / 1000) + 3600;

  it('round-trips the claims of its purpose', () => {
    const token = tokens.sign({
      purpose: 'confirm',
      subscriberId: 42,
      ref: 7,
      expiresAt: inAnHour,
    });
    expect(tokens.verify(token, 'confirm')).toEqual({
      purpose: 'confirm',
      subscriberId: 42,
      ref: 7,
      expiresAt: inAnHour,
    });
  });

  it('refuses a token signed for another purpose', () => {
    const token = tokens.sign({ purpose: 'unsubscribe', subscriberId: 42, ref: 0, expiresAt: 0 });
    expect(tokens.verify(token, 'confirm')).toBeNull();
    expect(tokens.verify(token, 'unsubscribe')?.subscriberId).toBe(42);
  });

  it('refuses a token whose body was changed', () => {
    const token = tokens.sign({ purpose: 'unsubscribe', subscriberId: 42, ref: 0, expiresAt: 0 });
    const forged = token.replace(/^u\.16\./, 'u.17.');
    expect(forged).not.toBe(token);
    expect(tokens.verify(forged, 'unsubscribe')).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const other = new TokenService({ APP_SECRET: 'b'.repeat(40) });
    const token = other.sign({ purpose: 'confirm', subscriberId: 1, ref: 1, expiresAt: inAnHour });
    expect(tokens.verify(token, 'confirm')).toBeNull();
  });

  it('refuses an expired token and says it expired', () => {
    const token = tokens.sign({ purpose: 'confirm', subscriberId: 1, ref: 1, expiresAt: 1000 });
    expect(tokens.verify(token, 'confirm')).toBeNull();
    expect(tokens.isExpired(token, 'confirm')).toBe(true);
    expect(tokens.isExpired('u.1.1.0.bad', 'confirm')).toBe(false);
  });

  it.each([[''], ['a.b.c'], ['c.1.1.1.'], [12], [null], ['c.1.1.1.' + 'A'.repeat(300)]])(
    'refuses malformed %j',
    (token) => {
      expect(tokens.verify(token, 'confirm')).toBeNull();
    },
  );

  describe('the signed local part of an unsubscribe mailto address', () => {
    it('round-trips subscriber and list, lower case, short enough for a local part', () => {
      const signed = tokens.signMailto({ subscriberId: 123_456_789, listId: 42 });
      expect(signed).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-f]{20}$/);
      expect(`unsubscribe+u-${signed}`.length).toBeLessThanOrEqual(64);
      expect(tokens.verifyMailto(signed)).toEqual({ subscriberId: 123_456_789, listId: 42 });
    });

    it('survives an MTA that upper-cases the local part', () => {
      const signed = tokens.signMailto({ subscriberId: 7, listId: 0 });
      expect(tokens.verifyMailto(signed.toUpperCase())).toEqual({ subscriberId: 7, listId: 0 });
    });

    it('refuses another subscriber, another list, another secret, and the link token', () => {
      const signed = tokens.signMailto({ subscriberId: 7, listId: 0 });
      const signature = signed.split('-')[2];
      expect(tokens.verifyMailto(`8-0-${signature}`)).toBeNull();
      expect(tokens.verifyMailto(`7-1-${signature}`)).toBeNull();
      const other = new TokenService({ APP_SECRET: 'b'.repeat(40) });
      expect(tokens.verifyMailto(other.signMailto({ subscriberId: 7, listId: 0 }))).toBeNull();
      const link = tokens.sign({ purpose: 'unsubscribe', subscriberId: 7, ref: 0, expiresAt: 0 });
      expect(tokens.verifyMailto(link)).toBeNull();
    });

    it.each([[''], ['7-0'], ['7-0-'], ['7-0-zz'], [null], [`7-0-${'a'.repeat(80)}`]])(
      'refuses malformed %j',
      (value) => {
        expect(tokens.verifyMailto(value)).toBeNull();
      },
    );
  });
});
