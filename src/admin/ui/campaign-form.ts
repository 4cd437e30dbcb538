import type { NewCampaign } from '../../campaigns/campaign-input.js';
import { recordId } from '../../common/record-id.js';
import { field, fields, singleLineField } from './form-failure.js';

/** Articles with no number in their «الترتيب» box come after the numbered ones. */
const UNNUMBERED = 1000;

/**
 * The compose form as the service's input: the ticked articles in the editor's order (by their
 * «الترتيب» numbers, then as listed), the subject on one line. The service checks the rest.
 */
export function draftFromForm(body: unknown): NewCampaign {
  const picked = fields(body, 'article').filter((id) => recordId(id) !== null);
  const order = (id: string) => {
    const value = Number(field(body, `order_${id}`));
    return Number.isFinite(value) && value > 0 ? value : UNNUMBERED;
  };
  const articleIds = picked
    .map((id, index) => ({ id, rank: order(id), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((item) => item.id);
  return { list: field(body, 'list'), subject: singleLineField(body, 'subject'), articleIds };
}
