import { articleWindow, renderSubject, unknownSubjectPlaceholders } from './digest-window.js';

const now = new Date('2026-11-26T04:00:00Z');

describe('a scheduled digest’s article window', () => {
  it('takes what was collected since the previous digest, published within a week', () => {
    const previous = new Date('2026-11-25T04:02:00Z');
    expect(articleWindow({ sinceLastDigest: true, sinceHours: null }, previous, now)).toEqual({
      publishedSince: new Date('2026-11-19T04:00:00Z'),
      collectedAfter: previous,
    });
  });

  it('takes the last 24 hours for a first digest, or the last sinceHours', () => {
    expect(articleWindow({ sinceLastDigest: true, sinceHours: null }, null, now)).toEqual({
      publishedSince: new Date('2026-11-25T04:00:00Z'),
      collectedAfter: null,
    });
    expect(
      articleWindow(
        { sinceLastDigest: false, sinceHours: 6 },
        new Date('2026-11-25T00:00:00Z'),
        now,
      ),
    ).toEqual({ publishedSince: new Date('2026-11-25T22:00:00Z'), collectedAfter: null });
  });
});

describe('a schedule’s subject', () => {
  it('writes the slot’s date in the schedule’s zone', () => {
    // 22:30 UTC on the 25th is already the 26th in Baghdad.
    const subject = renderSubject('نشرة الصباح — {{date}}', new Date('2026-11-25T22:30:00Z'), {
      locale: 'ar',
      digits: 'latn',
      timeZone: 'Asia/Baghdad',
    });
    expect(subject).toBe('نشرة الصباح — الخميس 26 نوفمبر 2026');
  });

  it('names placeholders it cannot fill', () => {
    expect(unknownSubjectPlaceholders('نشرة {{date}}')).toEqual([]);
    expect(unknownSubjectPlaceholders('نشرة {{ name }} {{date}} {{x}}')).toEqual(['name', 'x']);
  });
});
