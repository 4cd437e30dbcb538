import type { DataSource } from 'typeorm';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { Schedule } from '../src/schedules/entities/schedule.entity.js';
import { ScheduleRun } from '../src/schedules/entities/schedule-run.entity.js';
import { type DigestDraft, SchedulesRepository } from '../src/schedules/schedules.repository.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import {
  createTestDatabase,
  migratedDataSource,
  type TestDatabase,
} from './helpers/test-database.js';

/** The schedules' queries on a migrated database of each kind, without the app around them. */
describe('SchedulesRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: SchedulesRepository;
  let schedule: Schedule;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migratedDataSource(database);
    repository = new SchedulesRepository(
      dataSource,
      dataSource.getRepository(Schedule),
      dataSource.getRepository(ScheduleRun),
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    const [list] = await dataSource.getRepository(MailingList).find({ order: { id: 'ASC' } });
    const now = new Date('2026-11-20T04:00:00Z');
    schedule = await repository.insert({
      listId: list.id,
      cron: '0 7 * * *',
      timezone: 'Asia/Baghdad',
      subject: 'نشرة {{date}}',
      sinceLastDigest: true,
      sinceHours: null,
      maxArticles: 10,
      minArticles: 1,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
  });

  const slot = (iso: string) => new Date(iso);
  const run = (slotAt: Date, outcome: ScheduleRun['outcome']) => ({
    scheduleId: schedule.id,
    slotAt,
    outcome,
    detail: '',
    ranAt: new Date(slotAt.getTime() + 1000),
  });
  const digest = (subject: string): DigestDraft => ({
    listId: schedule.listId,
    scheduleId: schedule.id,
    subject,
    articleIds: '[1,2]',
    status: 'draft',
    createdAt: new Date(),
  });
  const campaignsOfSchedule = () =>
    dataSource.getRepository(Campaign).findBy({ scheduleId: schedule.id });

  it('writes a slot and its digest together, once: a second writer of the slot gets null and writes nothing', async () => {
    const at = slot('2026-11-20T04:00:00Z');
    const first = await repository.recordSlot(run(at, 'sent'), digest('الأول'));
    const second = await repository.recordSlot(run(at, 'sent'), digest('الثاني'));

    expect(first?.campaignId).toEqual(expect.any(Number));
    expect(second).toBeNull();
    expect((await campaignsOfSchedule()).map((campaign) => campaign.subject)).toEqual(['الأول']);
    expect(await repository.campaignOfRun(first!)).toMatchObject({ id: first!.campaignId });
    expect((await repository.runOfSlot(schedule.id, at))?.id).toBe(first!.id);
  });

  it('records a skipped slot without a digest', async () => {
    const skipped = await repository.recordSlot(run(slot('2026-11-20T04:00:00Z'), 'skipped'), null);
    expect(skipped?.campaignId).toBeNull();
    expect(await repository.campaignOfRun(skipped!)).toBeNull();
    expect(await campaignsOfSchedule()).toEqual([]);
  });

  it('finds the last slot that sent a digest, and the recent slots newest first', async () => {
    await repository.recordSlot(run(slot('2026-11-18T04:00:00Z'), 'sent'), digest('١'));
    const lastSent = await repository.recordSlot(
      run(slot('2026-11-19T04:00:00Z'), 'sent'),
      digest('٢'),
    );
    await repository.recordSlot(run(slot('2026-11-20T04:00:00Z'), 'skipped'), null);

    expect((await repository.lastSentRun(schedule.id))?.id).toBe(lastSent!.id);
    const recent = await repository.recentRuns(schedule.id, 2);
    expect(recent.map((row) => row.outcome)).toEqual(['skipped', 'sent']);
    expect(recent.map((row) => new Date(row.slotAt).toISOString())).toEqual([
      '2026-11-20T04:00:00.000Z',
      '2026-11-19T04:00:00.000Z',
    ]);
  });

  it('changes and deletes a schedule; the digests it made stay', async () => {
    await repository.recordSlot(run(slot('2026-11-20T04:00:00Z'), 'sent'), digest('باقية'));
    await repository.update(schedule.id, { active: false, cron: '30 6 * * 5' });
    expect(await repository.byId(schedule.id)).toMatchObject({ active: false, cron: '30 6 * * 5' });

    await repository.delete(schedule.id);
    expect(await repository.byId(schedule.id)).toBeNull();
    expect(await campaignsOfSchedule()).toHaveLength(1);
  });
});
