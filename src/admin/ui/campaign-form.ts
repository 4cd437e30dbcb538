import type { NewCampaign } from '../../campaigns/campaign-input.js';
import { SUBJECT_CHOOSERS, type SubjectChooser } from '../../campaigns/subject-test.js';
import { recordId } from '../../common/record-id.js';
import { field, fields, singleLineField } from './form-failure.js';

/** Articles with no number in their «الترتيب» box come after the numbered ones. */
const UNNUMBERED = 1000;

/** The compose form's subject boxes: the subject, then up to three more to test against it. */
export const SUBJECT_FIELDS = ['subject', 'subject_2', 'subject_3', 'subject_4'] as const;

/**
 * The compose form as the service's input: the ticked articles in the editor's order (by their
 * «الترتيب» numbers, then as listed), the subject on one line. More than one subject typed makes
 * the draft a subject test, its share in percent and its wait in hours (what an editor thinks in;
 * the service counts minutes). The service checks the rest: a number that is not one reaches it
 * as NaN, which it refuses with the field's own reason.
 */
export function draftFromForm(body: unknown): NewCampaign {
  const list = field(body, 'list');
  const articleIds = articlesInOrder(body);
  const subjects = SUBJECT_FIELDS.map((name) => singleLineField(body, name)).filter(Boolean);
  if (subjects.length <= 1) return { list, subject: subjects[0] ?? '', articleIds };
  const share = numberField(body, 'share');
  const hours = numberField(body, 'wait');
  const choose = chooser(body);
  return {
    list,
    subjects,
    subjectTest: {
      ...(share !== undefined && { sharePercent: share }),
      // Whole seconds: 1.1 hours is 66 minutes, not 66.00000000000001.
      ...(hours !== undefined && { waitMinutes: Math.round(hours * 3600) / 60 }),
      ...(choose && { choose }),
    },
    articleIds,
  };
}

function articlesInOrder(body: unknown): string[] {
  const picked = fields(body, 'article').filter((id) => recordId(id) !== null);
  const order = (id: string) => {
    const value = Number(field(body, `order_${id}`));
    return Number.isFinite(value) && value > 0 ? value : UNNUMBERED;
  };
  return picked
    .map((id, index) => ({ id, rank: order(id), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((item) => item.id);
}

/** An empty box is left to the default; digits may be typed as Arabic-Indic («١٫٥»). */
function numberField(body: unknown, name: string): number | undefined {
  const typed = field(body, name)
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace('٫', '.');
  return typed ? Number(typed) : undefined;
}

function chooser(body: unknown): SubjectChooser | undefined {
  const typed = field(body, 'choose');
  return SUBJECT_CHOOSERS.find((name) => name === typed);
}

/** The chosen subject's index from its button; anything else is NaN, which the service refuses. */
export function winnerFromForm(body: unknown): number {
  const typed = field(body, 'subject');
  return /^\d{1,2}$/.test(typed) ? Number(typed) : NaN;
}
