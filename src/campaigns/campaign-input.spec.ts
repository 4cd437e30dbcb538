import { describe, expect, it } from '@jest/globals';
import { parseBody } from '../common/zod-body.js';
import {
  CAMPAIGN_LIMITS,
  CampaignRefused,
  newCampaignProblem,
  newCampaignSchema,
  subjectTestOf,
} from './campaign-input.js';

const draft = { list: 'daily', subject: 'مختارات', articleIds: ['1', '2'] };
const ids = (count: number) => Array.from({ length: count }, (_, index) => String(index + 1));

describe('what stops a new campaign', () => {
  it('lets a subject with picked articles, or with a window of hours, through', () => {
    expect(newCampaignProblem(draft)).toBeNull();
    expect(
      newCampaignProblem({ list: 'daily', subject: 'x', sinceHours: 3, maxArticles: 5 }),
    ).toBeNull();
  });

  it('names the subject first: missing, then too long', () => {
    expect(newCampaignProblem({ ...draft, subject: '  ', articleIds: [] })).toEqual({
      field: 'subject',
      code: 'missing',
    });
    expect(newCampaignProblem({ ...draft, subject: 'ع'.repeat(301) })).toEqual({
      field: 'subject',
      code: 'too-long',
      max: 300,
    });
  });

  it('holds the picked articles to the shared bounds', () => {
    expect(newCampaignProblem({ ...draft, articleIds: [] })).toEqual({
      field: 'articleIds',
      code: 'none-chosen',
    });
    expect(newCampaignProblem({ ...draft, articleIds: ids(50) })).toBeNull();
    expect(newCampaignProblem({ ...draft, articleIds: ids(51) })).toEqual({
      field: 'articleIds',
      code: 'too-many',
      max: 50,
    });
    expect(newCampaignProblem({ ...draft, sinceHours: 3 })).toMatchObject({ code: 'both-given' });
  });

  it('holds the window and its article count to the same bounds as the API', () => {
    const windowed = { list: 'daily', subject: 'x' };
    expect(newCampaignProblem({ ...windowed, sinceHours: 24 * 31 + 1 })).toMatchObject({
      field: 'sinceHours',
      code: 'out-of-range',
    });
    expect(newCampaignProblem({ ...windowed, maxArticles: 0 })).toMatchObject({
      field: 'maxArticles',
      code: 'out-of-range',
    });
    const tooLong = { ...windowed, sinceHours: CAMPAIGN_LIMITS.sinceHours.max + 1 };
    expect(() => parseBody(newCampaignSchema, tooLong)).toThrow('sinceHours');
    expect(() => parseBody(newCampaignSchema, { ...draft, articleIds: ids(51) })).toThrow(
      'articleIds',
    );
  });

  it('answers the API in English, naming the field, while carrying the code for the pages', () => {
    const refused = new CampaignRefused({ field: 'list', code: 'unknown-list', slug: 'nope' });
    expect(refused.getStatus()).toBe(422);
    expect(refused.getResponse()).toMatchObject({
      message: 'list: unknown list: nope',
      fields: { list: 'unknown list: nope' },
    });
    expect(refused.problem.code).toBe('unknown-list');
  });
});

describe('what stops a subject test', () => {
  const tested = { list: 'daily', articleIds: ['1'], subjects: ['أ', 'ب', 'ج'] };

  it('takes two to four different subjects, with shares that leave a tenth of the list', () => {
    expect(newCampaignProblem(tested)).toBeNull();
    expect(subjectTestOf(tested)).toEqual({
      subjects: ['أ', 'ب', 'ج'],
      sharePercent: 10,
      waitMinutes: 240,
      choose: 'editor',
    });
    expect(newCampaignProblem({ ...tested, subjectTest: { sharePercent: 30 } })).toBeNull();
    expect(newCampaignProblem({ ...tested, subjectTest: { sharePercent: 31 } })).toEqual({
      field: 'subjectTest',
      code: 'share-too-large',
      max: 90,
    });
    expect(newCampaignProblem({ ...tested, subjects: ['أ'] })).toMatchObject({
      code: 'subject-count',
    });
    expect(newCampaignProblem({ ...tested, subjects: ['أ', 'أ '] })).toMatchObject({
      code: 'repeated-subject',
    });
    expect(newCampaignProblem({ ...tested, subject: 'د' })).toMatchObject({
      code: 'subject-and-subjects',
    });
    expect(newCampaignProblem({ ...draft, subjectTest: { sharePercent: 10 } })).toMatchObject({
      code: 'test-without-subjects',
    });
    expect(newCampaignProblem({ ...tested, subjectTest: { waitMinutes: 0 } })).toMatchObject({
      code: 'wait-out-of-range',
    });
    expect(subjectTestOf(draft)).toBeNull();
  });
});
