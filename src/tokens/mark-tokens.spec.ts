import { TokenService } from './token.service.js';

describe('click and open tokens', () => {
  const tokens = new TokenService({ APP_SECRET: 'a'.repeat(40) });

  it('round-trips the campaign and the article, and stays short', () => {
    const token = tokens.signMark('click', { campaignId: 1234, articleId: 987654 });
    expect(token).toMatch(/^[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{16}$/);
    expect(token.length).toBeLessThan(32);
    expect(tokens.verifyMark('click', token)).toEqual({ campaignId: 1234, articleId: 987654 });
  });

  it('refuses a token whose campaign or article was changed', () => {
    const token = tokens.signMark('click', { campaignId: 12, articleId: 34 });
    const [, , signature] = token.split('.');
    expect(token.startsWith('c.y.')).toBe(true); // 12 and 34 in base 36
    expect(tokens.verifyMark('click', `d.y.${signature}`)).toBeNull();
    expect(
      tokens.verifyMark('click', `${(12).toString(36)}.${(35).toString(36)}.${signature}`),
    ).toBeNull();
  });

  it('refuses a token of the other kind, of another secret, or of any other shape', () => {
    const click = tokens.signMark('click', { campaignId: 1, articleId: 2 });
    const open = tokens.signMark('open', { campaignId: 1, articleId: 2 });
    expect(tokens.verifyMark('open', click)).toBeNull();
    expect(tokens.verifyMark('click', open)).toBeNull();
    const other = new TokenService({ APP_SECRET: 'b'.repeat(40) });
    expect(
      tokens.verifyMark('click', other.signMark('click', { campaignId: 1, articleId: 2 })),
    ).toBeNull();
    for (const garbage of [
      '',
      'x',
      '1.2',
      `${click}x`,
      ` ${click}`,
      click.toUpperCase(),
      42,
      null,
    ]) {
      expect(tokens.verifyMark('click', garbage)).toBeNull();
    }
  });

  it('is not an unsubscribe token, nor the reverse', () => {
    const click = tokens.signMark('click', { campaignId: 1, articleId: 2 });
    expect(tokens.verify(click, 'unsubscribe')).toBeNull();
    const unsubscribe = tokens.sign({
      purpose: 'unsubscribe',
      subscriberId: 1,
      ref: 2,
      expiresAt: 0,
    });
    expect(tokens.verifyMark('click', unsubscribe)).toBeNull();
  });
});
