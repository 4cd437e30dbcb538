import { arabicNumber } from '../../common/arabic-format.js';
import { bounceReasonsTable, reasonLabel } from './bounce-reasons.js';

describe("a campaign's bounce reasons, as editors read them", () => {
  it('names each reason in Arabic, keeps its code read left to right, and counts in Arabic', () => {
    const table = bounceReasonsTable([
      { type: 'blocked', reason: 'spamdetected', count: 12 },
      { type: 'hard', reason: 'userunknown', count: 3 },
    ]).value;
    expect(table).toContain('صُنّفت الرسالة بريداً مزعجاً <bdi dir="ltr">spamdetected</bdi>');
    expect(table).toContain('حجبٌ من خادم المستلم');
    expect(table).toContain('ارتداد دائم (أُوقف العنوان)');
    expect(table).toContain(arabicNumber(12));
  });

  it('shows nothing when nothing was reported', () => {
    expect(bounceReasonsTable([]).value).toBe('');
  });

  it('has a word for every reason, and says so when it has none', () => {
    for (const reason of ['userunknown', 'mailboxfull', 'authfailure', 'feedback', 'onhold']) {
      expect([reason, reasonLabel(reason)]).not.toEqual([reason, 'سبب غير مسجّل']);
    }
    expect(reasonLabel('')).toBe('سبب غير مسجّل');
  });
});
