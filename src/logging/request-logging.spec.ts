import { describe, expect, it } from '@jest/globals';
import { safeUrl } from './request-logging.js';

describe('safeUrl', () => {
  it('hides the signed token of an email link, and any query string', () => {
    expect(safeUrl('/unsubscribe/eyJhbGciOi.abc')).toBe('/unsubscribe/:token');
    expect(safeUrl('/confirm/tok123?x=1')).toBe('/confirm/:token?…');
    expect(safeUrl('/api/admin/campaigns/4')).toBe('/api/admin/campaigns/4');
  });
});
