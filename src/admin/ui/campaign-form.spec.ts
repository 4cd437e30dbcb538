import { describe, expect, it } from '@jest/globals';
import { draftFromForm } from './campaign-form.js';
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
});
