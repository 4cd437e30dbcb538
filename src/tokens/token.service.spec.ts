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
});
