import type { DataSource } from 'typeorm';
import { Article } from '../src/articles/entities/article.entity.js';
import { Bounce } from '../src/bounces/entities/bounce.entity.js';
import { CampaignsRepository } from '../src/campaigns/campaigns.repository.js';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import {
  createTestDatabase,
  migratedDataSource,
  type TestDatabase,
} from './helpers/test-database.js';

/** The campaigns' queries on a migrated database of each kind, without the app around them. */
describe('CampaignsRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: CampaignsRepository;
  let listId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migratedDataSource(database);
    repository = new CampaignsRepository(
      dataSource.getRepository(Campaign),
      dataSource.getRepository(Article),
      dataSource.getRepository(Bounce),
    );
    [{ id: listId }] = await dataSource.getRepository(MailingList).find({ order: { id: 'ASC' } });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => dataSource.getRepository(Campaign).createQueryBuilder().delete().execute());

  const draft = (subject: string) =>
    repository.insertDraft({ listId, subject, articleIds: [3, 1, 2] });

  it('stores a draft with its articles in the editor’s order', async () => {
    const campaign = await draft('مختارات');
    const stored = await repository.byId(campaign.id);
    expect(stored).toMatchObject({ status: 'draft', subject: 'مختارات', listId });
    expect(stored!.parsedArticleIds()).toEqual([3, 1, 2]);
    expect(await repository.byId(campaign.id + 1000)).toBeNull();
  });

  it('moves a status only from the ones named: of two racing changes, one wins', async () => {
    const { id } = await draft('سباق');
    const [paused, started] = await Promise.all([
      repository.transition(id, ['draft', 'sending'], 'paused'),
      repository.transition(id, ['draft'], 'sending', { startedAt: new Date() }),
    ]);
    expect([paused, started].filter(Boolean)).toHaveLength(1);
    const now = await repository.byId(id);
    expect(now!.status).toBe(paused && !started ? 'paused' : 'sending');
    expect(await repository.transition(id, ['draft'], 'cancelled')).toBe(false);
  });

  it('pages newest first by id, by status, and finds scheduled campaigns that are late', async () => {
    const [a, b, c] = [await draft('أ'), await draft('ب'), await draft('ج')];
    const due = new Date(Date.now() - 60_000);
    await repository.transition(b.id, ['draft'], 'scheduled', { sendAt: due });
    await repository.transition(c.id, ['draft'], 'scheduled', {
      sendAt: new Date(Date.now() + 3600_000),
    });

    const ids = (rows: Campaign[]) => rows.map((row) => row.id);
    expect(ids(await repository.page({ limit: 2 }))).toEqual([c.id, b.id]);
    expect(ids(await repository.page({ limit: 2, before: b.id }))).toEqual([a.id]);
    expect(ids(await repository.page({ status: 'scheduled', limit: 10 }))).toEqual([c.id, b.id]);
    expect(ids(await repository.scheduledBefore(new Date()))).toEqual([b.id]);
    expect(ids(await repository.withStatus('draft'))).toEqual([a.id]);
  });

  it('counts the bounce reports that name a campaign, by type', async () => {
    const { id } = await draft('ارتداد');
    const report = (type: Bounce['type'], campaignId: number | null) => ({
      emailHash: 'f'.repeat(64),
      type,
      campaignId,
      createdAt: new Date(),
    });
    await dataSource
      .getRepository(Bounce)
      .insert([report('hard', id), report('soft', id), report('soft', id), report('hard', null)]);
    expect(Object.fromEntries(await repository.countReports(id))).toEqual({ hard: 1, soft: 2 });
  });
});
