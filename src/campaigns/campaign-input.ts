import { UnprocessableEntityException } from '@nestjs/common';
import { z } from 'zod';
import { invalidFields, singleLine } from '../common/zod-body.js';
import { SUBJECT_CHOOSERS, SUBJECT_TEST_LIMITS, type SubjectTest } from './subject-test.js';

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

const { subjects, sharePercent, waitMinutes } = SUBJECT_TEST_LIMITS;

/**
 * A new draft as the API takes it: the articles by id in the order to show them, or the newest of
 * the last sinceHours; one subject, or two to four to test (`subjects`, with `subjectTest`). The
 * editors' form builds the same input (src/admin/ui/campaign-form.ts).
 */
export const newCampaignSchema = z
  .object({
    list: z
      .string({ error: 'is required: a list slug' })
      .min(1)
      .max(CAMPAIGN_LIMITS.listSlugLength),
    subject: singleLine(CAMPAIGN_LIMITS.subjectLength)
      .pipe(z.string().min(1, 'is required'))
      .optional(),
    subjects: z
      .array(singleLine(CAMPAIGN_LIMITS.subjectLength).pipe(z.string().min(1, 'is required')))
      .min(subjects.min)
      .max(subjects.max)
      .optional(),
    subjectTest: z
      .object({
        sharePercent: z.number().int().min(sharePercent.min).max(sharePercent.max).optional(),
        waitMinutes: z.number().positive().max(waitMinutes.max).optional(),
        choose: z.enum(SUBJECT_CHOOSERS).optional(),
      })
      .strict()
      .optional(),
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
  | { field: 'subject' | 'subjects'; code: 'too-long'; max: number }
  | { field: 'subjects'; code: 'subject-and-subjects' }
  | { field: 'subjects'; code: 'subject-count'; min: number; max: number }
  | { field: 'subjects'; code: 'repeated-subject' }
  | { field: 'subjectTest'; code: 'test-without-subjects' }
  | { field: 'subjectTest'; code: 'share-too-large'; max: number }
  | { field: 'subjectTest'; code: 'wait-out-of-range'; max: number }
  | { field: 'subjectTest'; code: 'clicks-not-tracked' }
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
    case 'subject-and-subjects':
      return 'give subject or subjects, not both';
    case 'subject-count':
      return `must hold ${problem.min} to ${problem.max} subjects`;
    case 'repeated-subject':
      return 'must all differ';
    case 'test-without-subjects':
      return 'needs two to four subjects';
    case 'share-too-large':
      return `shares may take at most ${problem.max} % of the list together`;
    case 'wait-out-of-range':
      return `waitMinutes must be more than 0 and at most ${problem.max}`;
    case 'clicks-not-tracked':
      return 'choose "clicks" needs TRACK_CLICKS=per-subscriber (unique readers)';
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
  const { articles, sinceHours } = CAMPAIGN_LIMITS;
  const subjectProblem = subjectsProblem(input);
  if (subjectProblem) return subjectProblem;
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

/** The subject, or the subjects of a test and how it runs. */
function subjectsProblem(input: NewCampaign): CampaignProblem | null {
  const max = CAMPAIGN_LIMITS.subjectLength;
  if (input.subjects === undefined) {
    if (input.subjectTest) return { field: 'subjectTest', code: 'test-without-subjects' };
    const subject = input.subject?.trim() ?? '';
    if (!subject) return { field: 'subject', code: 'missing' };
    return subject.length > max ? { field: 'subject', code: 'too-long', max } : null;
  }
  if (input.subject?.trim()) return { field: 'subjects', code: 'subject-and-subjects' };
  const given = input.subjects.map((subject) => subject.trim());
  if (given.length < subjects.min || given.length > subjects.max) {
    return { field: 'subjects', code: 'subject-count', ...subjects };
  }
  if (given.some((subject) => !subject)) return { field: 'subject', code: 'missing' };
  if (given.some((subject) => subject.length > max)) {
    return { field: 'subjects', code: 'too-long', max };
  }
  if (new Set(given).size !== given.length) return { field: 'subjects', code: 'repeated-subject' };
  const share = input.subjectTest?.sharePercent ?? sharePercent.default;
  if (
    !Number.isInteger(share) ||
    share < sharePercent.min ||
    share * given.length > SUBJECT_TEST_LIMITS.testedPercent.max
  ) {
    const most = Math.min(
      sharePercent.max,
      Math.floor(SUBJECT_TEST_LIMITS.testedPercent.max / given.length),
    );
    return { field: 'subjectTest', code: 'share-too-large', max: most * given.length };
  }
  const wait = input.subjectTest?.waitMinutes ?? waitMinutes.default;
  if (!(wait > 0 && wait <= waitMinutes.max)) {
    return { field: 'subjectTest', code: 'wait-out-of-range', max: waitMinutes.max };
  }
  return null;
}

/** The test a valid input asks for, its defaults filled in; null for a single subject. */
export function subjectTestOf(input: NewCampaign): SubjectTest | null {
  if (!input.subjects) return null;
  return {
    subjects: input.subjects.map((subject) => subject.trim()),
    sharePercent: input.subjectTest?.sharePercent ?? sharePercent.default,
    waitMinutes: input.subjectTest?.waitMinutes ?? waitMinutes.default,
    choose: input.subjectTest?.choose ?? 'editor',
  };
}
