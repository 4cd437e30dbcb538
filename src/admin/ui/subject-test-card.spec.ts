import type { SubjectGroupView, SubjectTestView } from '../../campaigns/subject-test-view.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import { subjectTestCard, type SubjectTestCardModel } from './subject-test-card.js';

const ZONE = 'Asia/Baghdad';

/** The card's words as read: tags gone, spaces folded. */
const words = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/ ([،.])/g, '$1')
    .trim();

const group = (index: number, subject: string, fields: Partial<SubjectGroupView> = {}) => ({
  index,
  subject,
  sharePercent: 10,
  recipients: 0,
  sent: 0,
  pending: 0,
  readers: null,
  clickRate: null,
  ...fields,
});

const view = (fields: Partial<SubjectTestView>): SubjectTestView => ({
  phase: 'draft',
  choose: 'editor',
  sharePercent: 10,
  waitMinutes: 240,
  testSentAt: null,
  decideAt: null,
  winner: null,
  chosenBy: null,
  chosenAt: null,
  clicksTracked: false,
  choosable: false,
  subjects: [group(0, 'عاجل: الموازنة'), group(1, 'الموازنة بالأرقام')],
  rest: { recipients: 0, held: 0, sent: 0 },
  ...fields,
});

const card = (test: SubjectTestView, model: Partial<SubjectTestCardModel> = {}) =>
  subjectTestCard({
    campaignId: 7,
    status: 'sending',
    test,
    csrfToken: 'tok-123',
    timeZone: ZONE,
    ...model,
  }).value;

describe('the subject test card', () => {
  it('before the send: the plan in words, the subjects with their shares, no figures or buttons', () => {
    const markup = card(view({ choose: 'clicks', sharePercent: 15, waitMinutes: 90 }), {
      status: 'draft',
    });
    expect(words(markup)).toContain(
      `لم يبدأ الاختبار بعد. حين تُرسل الحملة يذهب كل عنوان إلى ${arabicNumber(15)}٪ من القائمة، وبعد ${arabicNumber(90)} دقيقة من إرسال رسائل الاختبار يفوز العنوان الذي نقر قرّاؤه أكثر من غيرهم،`,
    );
    expect(markup).toContain('<td>عاجل: الموازنة </td>');
    expect(markup).not.toContain('المستلمون');
    expect(markup).not.toContain('<form');
    expect(markup).not.toContain('data-field="rest"');
  });

  it('while waiting: when the wait ends, each group’s figures and a choice per subject', () => {
    const test = view({
      phase: 'waiting',
      testSentAt: '2025-03-01T08:00:00.000Z',
      decideAt: '2025-03-01T12:00:00.000Z',
      clicksTracked: true,
      choosable: true,
      subjects: [
        group(0, 'عاجل: الموازنة', { recipients: 104, sent: 100, readers: 12, clickRate: 0.12 }),
        group(1, 'الموازنة بالأرقام', { recipients: 96, sent: 96, readers: 30, clickRate: 0.3125 }),
      ],
      rest: { recipients: 800, held: 800, sent: 0 },
    });
    const markup = card(test);
    expect(words(markup)).toContain(
      `أُرسلت رسائل الاختبار ${arabicTime(test.testSentAt, ZONE)}، وينتظر سائر القائمة العنوان الفائز. تنتهي مدة الانتظار ${arabicTime(test.decideAt, ZONE)}؛ اختر عندها العنوان الفائز.`,
    );
    const second = markup.split('<tr data-subject="1"')[1].split('</tr>')[0];
    expect(words(second)).toContain(
      `${arabicNumber(10)}٪ ${arabicNumber(96)} ${arabicNumber(96)} ${arabicNumber(30)} ${arabicNumber(31.3)}٪`,
    );
    const forms = markup.match(/<form[\s\S]*?<\/form>/g) ?? [];
    expect(forms).toHaveLength(2);
    forms.forEach((form, index) => {
      expect(form).toContain('method="post"');
      expect(form).toContain('action="/admin/campaigns/7/winner"');
      expect(form).toContain('name="_csrf" value="tok-123"');
      expect(form).toContain(`name="subject" value="${index}"`);
      expect(form).toContain('اعتمد هذا العنوان');
    });
    expect(words(markup)).toContain(
      `سائر القائمة: ${arabicNumber(800)} مشترك · بانتظار العنوان الفائز ${arabicNumber(800)} · أُرسل إليهم ${arabicNumber(0)}`,
    );
    expect(markup).not.toContain('data-winner');
  });

  it('without unique readers there are no click columns; by clicks it says when they decide', () => {
    const markup = card(
      view({
        phase: 'waiting',
        choose: 'clicks',
        testSentAt: '2025-03-01T08:00:00.000Z',
        decideAt: '2025-03-01T12:00:00.000Z',
        choosable: true,
      }),
    );
    expect(markup).not.toContain('القرّاء الذين نقروا');
    expect(words(markup)).toContain(
      `يفوز تلقائياً ${arabicTime('2025-03-01T12:00:00.000Z', ZONE)} العنوان الذي نقر قرّاؤه أكثر من غيرهم، ولك أن تختار قبل ذلك.`,
    );
  });

  it('once decided: the winner marked, by whom and when, and no buttons', () => {
    const test = view({
      phase: 'decided',
      winner: 1,
      chosenBy: 'clicks',
      chosenAt: '2025-03-01T12:00:05.000Z',
    });
    const markup = card(test);
    expect(words(markup)).toContain(
      `فاز العنوان «الموازنة بالأرقام» بأعلى نسبة من القرّاء الذين نقروا، واختير ${arabicTime(test.chosenAt, ZONE)}.`,
    );
    expect(markup).toMatch(
      /<tr data-subject="1" data-winner>\s*<td>الموازنة بالأرقام <span[^>]*>الفائز<\/span>/,
    );
    expect(markup).not.toMatch(/<tr data-subject="0" data-winner/);
    expect(markup).not.toContain('<form');
    expect(words(card({ ...test, chosenBy: 'editor' }))).toContain('باختيار المحرّر');
  });

  it('a campaign stopped before the choice says so, without buttons', () => {
    const markup = card(view({ phase: 'testing' }), { status: 'cancelled' });
    expect(words(markup)).toContain('توقّفت الحملة قبل أن يُختار عنوان.');
    expect(words(card(view({ phase: 'testing' })))).toContain('تُرسل الآن رسائل مجموعات الاختبار');
  });

  it('escapes subjects, which are the editors’ text, in cells and in the confirm question', () => {
    const markup = card(
      view({
        phase: 'testing',
        choosable: true,
        subjects: [group(0, '<img src=x onerror=alert(1)>'), group(1, '"quoted" & more')],
      }),
    );
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markup).toContain('data-confirm="سيصل «&quot;quoted&quot; &amp; more»');
  });
});
