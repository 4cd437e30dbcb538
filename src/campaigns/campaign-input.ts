import { UnprocessableEntityException } from '@nestjs/common';
import { z } from 'zod';
import { invalidFields, singleLine } from '../common/zod-body.js';

/**
 * The rules of a new campaign, defined once: the API's schema, the editors' form (its inputs'
 * maxlength and max) and CampaignsService all read them here, so none can disagree.
 */
export const CAMPAIGN_LIMITS = {
  subjectLength: 300,
  listSlugLength: 64,
  articleIdLength: 20,
  /** Articles in one digest, whether the editor picks them or the newest are taken. */
  articles: { min: 1, max: 50 },
  /** How far back "the newest articles" look, in hours (more than 0). */
  sinceHours: { max: 24 * 31 },
} as const;

export const CAMPAIGN_DEFAULTS = { sinceHours: 24, maxArticles: 10 } as const;

/**
 * A new draft as the API takes it: the articles by id in the order to show them, or the newest of
 * the last sinceHours. The editors' form builds the same input (src/admin/ui/campaign-form.ts).
 */
export const newCampaignSchema = z
  .object({
    list: z
      .string({ error: 'is required: a list slug' })
      .min(1)
      .max(CAMPAIGN_LIMITS.listSlugLength),
    subject: singleLine(CAMPAIGN_LIMITS.subjectLength).pipe(z.string().min(1, 'is required')),
    articleIds: z
      .array(z.string().max(CAMPAIGN_LIMITS.articleIdLength))
      .min(CAMPAIGN_LIMITS.articles.min)
      .max(CAMPAIGN_LIMITS.articles.max)
      .optional(),
    sinceHours: z.number().positive().max(CAMPAIGN_LIMITS.sinceHours.max).optional(),
    maxArticles: z
      .number()
      .int()
      .min(CAMPAIGN_LIMITS.articles.min)
      .max(CAMPAIGN_LIMITS.articles.max)
      .optional(),
  })
  .refine((body) => !(body.articleIds && body.sinceHours), {
    message: 'give articleIds or sinceHours, not both',
    path: ['articleIds'],
  });

export type NewCampaign = z.infer<typeof newCampaignSchema>;

/**
 * Why a draft cannot be made, as a code and its values: the API words it in English for its
 * clients, the editors' pages in Arabic (src/admin/ui/campaign-refusals.ts).
 */
export type CampaignProblem =
  | { field: 'subject'; code: 'missing' }
  | { field: 'subject'; code: 'too-long'; max: number }
  | { field: 'articleIds'; code: 'none-chosen' }
  | { field: 'articleIds'; code: 'too-many'; max: number }
  | { field: 'articleIds'; code: 'both-given' }
  | { field: 'articleIds'; code: 'unknown-articles'; ids: string[] }
  | { field: 'sinceHours'; code: 'out-of-range'; max: number }
  | { field: 'sinceHours'; code: 'no-recent-articles'; hours: number }
  | { field: 'maxArticles'; code: 'out-of-range'; min: number; max: number }
  | { field: 'list'; code: 'unknown-list'; slug: string };

/** A refused draft: a 422 whose body names the field in English, carrying the problem itself. */
export class CampaignRefused extends UnprocessableEntityException {
  constructor(readonly problem: CampaignProblem) {
    super(invalidFields({ [problem.field]: englishReason(problem) }).getResponse());
  }
}

export function englishReason(problem: CampaignProblem): string {
  switch (problem.code) {
    case 'missing':
      return 'is required';
    case 'too-long':
      return `must be at most ${problem.max} characters`;
    case 'none-chosen':
      return 'must name at least one article';
    case 'too-many':
      return `must name at most ${problem.max} articles`;
    case 'both-given':
      return 'give articleIds or sinceHours, not both';
    case 'unknown-articles':
      return `unknown articles: ${problem.ids.join(', ')}`;
    case 'out-of-range':
      return problem.field === 'sinceHours'
        ? `must be more than 0 and at most ${problem.max}`
        : `must be a whole number from ${problem.min} to ${problem.max}`;
    case 'no-recent-articles':
      return `no articles were published in the last ${problem.hours} hours`;
    case 'unknown-list':
      return `unknown list: ${problem.slug}`;
  }
}

/** The first rule this input breaks that needs no database; null when it keeps them all. */
export function newCampaignProblem(input: NewCampaign): CampaignProblem | null {
  const { articles, sinceHours, subjectLength } = CAMPAIGN_LIMITS;
  const subject = input.subject.trim();
  if (!subject) return { field: 'subject', code: 'missing' };
  if (subject.length > subjectLength) {
    return { field: 'subject', code: 'too-long', max: subjectLength };
  }
  if (input.articleIds) {
    if (input.articleIds.length < articles.min) return { field: 'articleIds', code: 'none-chosen' };
    if (input.articleIds.length > articles.max) {
      return { field: 'articleIds', code: 'too-many', max: articles.max };
    }
    if (input.sinceHours) return { field: 'articleIds', code: 'both-given' };
  }
  if (
    input.sinceHours !== undefined &&
    !(input.sinceHours > 0 && input.sinceHours <= sinceHours.max)
  ) {
    return { field: 'sinceHours', code: 'out-of-range', max: sinceHours.max };
  }
  const count = input.maxArticles;
  if (
    count !== undefined &&
    !(Number.isInteger(count) && count >= articles.min && count <= articles.max)
  ) {
    return { field: 'maxArticles', code: 'out-of-range', ...articles };
  }
  return null;
}
