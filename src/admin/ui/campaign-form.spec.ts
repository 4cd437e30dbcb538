import { describe, expect, it } from '@jest/globals';
import { arabicNumber } from '../../common/arabic-format.js';
import { newCampaignProblem } from '../../campaigns/campaign-input.js';
import { draftFromForm, winnerFromForm } from './campaign-form.js';
import { draftProblemInArabic } from './campaign-refusals.js';

describe('the compose form', () => {
  it('takes the ticked articles in the editor’s order, unnumbered ones last as listed', () => {
    const input = draftFromForm({
      list: 'daily',
      subject: ' نشرة\nالصباح ',
      article: ['7', '3', '9', 'x1'],
      order_9: '1',
      order_3: '2',
      order_7: '',
    });
    expect(input).toEqual({ list: 'daily', subject: 'نشرة الصباح', articleIds: ['9', '3', '7'] });
  });

  it('reads a single ticked article and no article at all', () => {
    expect(draftFromForm({ article: '4', subject: 's' }).articleIds).toEqual(['4']);
    expect(draftFromForm({ subject: 's' }).articleIds).toEqual([]);
  });
});

describe('a subject test on the compose form', () => {
  it('is the typed subjects in order, the share in percent and the wait in hours as minutes', () => {
    const input = draftFromForm({
      list: 'daily',
      subject: 'الأول',
      subject_2: '',
      subject_3: ' الثاني\n',
      subject_4: 'الثالث',
      share: '15',
      wait: '1.5',
      choose: 'clicks',
      article: '4',
    });
    expect(input).toEqual({
      list: 'daily',
      subjects: ['الأول', 'الثاني', 'الثالث'],
      subjectTest: { sharePercent: 15, waitMinutes: 90, choose: 'clicks' },
      articleIds: ['4'],
    });
    expect(newCampaignProblem(input)).toBeNull();
  });

  it('leaves empty boxes to the defaults and reads Arabic-Indic digits', () => {
    expect(
      draftFromForm({ subject: 'أ', subject_2: 'ب', share: '', wait: '' }).subjectTest,
    ).toEqual({});
    expect(
      draftFromForm({ subject: 'أ', subject_2: 'ب', share: '١٢', wait: '٠٫٢٥' }).subjectTest,
    ).toEqual({ sharePercent: 12, waitMinutes: 15 });
    expect(draftFromForm({ subject: 'أ', subject_2: 'ب', wait: '1.1' }).subjectTest).toEqual({
      waitMinutes: 66,
    });
  });

  it('is no test with one subject typed, whichever box holds it, and ignores the test boxes', () => {
    const input = draftFromForm({ subject: '', subject_3: 'وحده', share: '80', choose: 'clicks' });
    expect(input).toEqual({ list: '', subject: 'وحده', articleIds: [] });
  });

  it('hands garbage numbers and choosers to the service, which refuses them by field', () => {
    const input = draftFromForm({
      subject: 'أ',
      subject_2: 'ب',
      share: 'ten',
      wait: '4h',
      choose: 'dice',
    });
    expect(input.subjectTest).toEqual({ sharePercent: NaN, waitMinutes: NaN });
    expect(newCampaignProblem({ ...input, articleIds: ['1'] })).toMatchObject({
      code: 'share-too-large',
    });
    const wait = draftFromForm({ subject: 'أ', subject_2: 'ب', wait: 'soon', article: '1' });
    expect(newCampaignProblem(wait)).toMatchObject({ code: 'wait-out-of-range' });
  });

  it('reads the chosen subject’s index from its button, and nothing else', () => {
    expect(winnerFromForm({ subject: '2' })).toBe(2);
    expect(winnerFromForm({ subject: '0' })).toBe(0);
    for (const typed of ['', '-1', '1.5', 'x', ['1', '2']]) {
      expect(winnerFromForm({ subject: typed })).toBeNaN();
    }
  });
});

describe('a refused draft in Arabic', () => {
  it('says what the editor can fix, with the limit the service holds', () => {
    expect(draftProblemInArabic({ field: 'subject', code: 'missing' })).toBe('اكتب عنوان الرسالة.');
    expect(draftProblemInArabic({ field: 'subject', code: 'too-long', max: 300 })).toBe(
      'العنوان أطول من 300 حرف.',
    );
    expect(draftProblemInArabic({ field: 'list', code: 'unknown-list', slug: 'x' })).toBe(
      'لم نجد القائمة المختارة. اختر إحدى القوائم المعروضة.',
    );
  });

  it('words each subject test problem with the service’s limits', () => {
    expect(draftProblemInArabic({ field: 'subjects', code: 'repeated-subject' })).toBe(
      'تكرّر عنوان في الاختبار: اجعل كل عنوان مختلفاً عن غيره.',
    );
    expect(draftProblemInArabic({ field: 'subjects', code: 'subject-count', min: 2, max: 4 })).toBe(
      `يقارن اختبار العنوان بين ${arabicNumber(2)} و${arabicNumber(4)} عناوين.`,
    );
    expect(
      draftProblemInArabic({ field: 'subjectTest', code: 'share-too-large', max: 90 }),
    ).toContain(`لا تتجاوز الأنصبة معاً ${arabicNumber(90)}٪ من القائمة`);
    expect(
      draftProblemInArabic({ field: 'subjectTest', code: 'wait-out-of-range', max: 10080 }),
    ).toBe(`مدة الانتظار قبل اختيار العنوان أكثر من صفر وحتى ${arabicNumber(168)} ساعة.`);
    expect(draftProblemInArabic({ field: 'subjects', code: 'too-long', max: 300 })).toBe(
      'أحد العناوين أطول من 300 حرف.',
    );
    expect(draftProblemInArabic({ field: 'subjectTest', code: 'clicks-not-tracked' })).not.toMatch(
      /[A-Za-z]/,
    );
  });
});
