import { jest } from '@jest/globals';
import type { AppConfig } from '../../config/config.js';
import { CampaignRenderError, type CampaignRenderer } from '../campaign-renderer.service.js';
import type { CampaignsRepository } from '../campaigns.repository.js';
import { Campaign, type CampaignStatus } from '../entities/campaign.entity.js';
import { CampaignDeliveryService } from './campaign-delivery.service.js';
import { CampaignFanoutService } from './campaign-fanout.service.js';

/** A campaigns table of one row, with the conditional update the repository does. */
function oneCampaign(status: CampaignStatus) {
  const row = Object.assign(new Campaign(), {
    id: 7,
    listId: 1,
    subject: 's',
    articleIds: '[1]',
    status,
    startedAt: new Date(),
    fanoutDone: false,
    fanoutCursor: 0,
    resumes: 0,
    failureReason: null,
  });
  const campaigns = {
    byId: jest.fn(async () => Object.assign(new Campaign(), row)),
    transition: jest.fn(
      async (_id: number, from: CampaignStatus[], to: CampaignStatus, changes = {}) => {
        if (!from.includes(row.status)) return false;
        Object.assign(row, changes, { status: to });
        return true;
      },
    ),
  };
  return { row, campaigns };
}

function setUp(status: CampaignStatus, compile: () => Promise<never>) {
  const { row, campaigns } = oneCampaign(status);
  const deliveries = {
    claim: jest.fn(async () => 1),
    cancelPending: jest.fn(async () => undefined),
    hasOpen: jest.fn(async () => false),
    recipientIdsAfter: jest.fn(async () => [1, 2]),
    insertPending: jest.fn(async () => undefined),
  };
  const mailer = { send: jest.fn() };
  const renderer = { compile: jest.fn(compile), message: jest.fn() };
  const delivery = new CampaignDeliveryService(
    campaigns as unknown as CampaignsRepository,
    deliveries as never,
    { add: jest.fn(), addBulk: jest.fn() } as never,
    mailer as never,
    { SEND_RATE_PER_WORKER: 100, LEASE_SECONDS: 30 } as AppConfig,
    renderer as unknown as CampaignRenderer,
    { mailDomain: 'news.example' } as never,
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    {} as never,
  );
  const fanout = new CampaignFanoutService(
    campaigns as unknown as CampaignsRepository,
    deliveries as never,
    { addBulk: jest.fn() } as never,
    { SEND_BATCH_SIZE: 100 } as AppConfig,
    delivery,
  );
  return { row, campaigns, deliveries, mailer, delivery, fanout };
}

const unrenderable = () =>
  Promise.reject(new CampaignRenderError('render', 'The digest could not be rendered: boom'));

describe('a campaign whose digest cannot be rendered', () => {
  it('fails at the fan-out, with the reason, before any row exists', async () => {
    const t = setUp('sending', unrenderable);
    await t.fanout.fanOut(7);
    expect(t.row.status).toBe('failed');
    expect(t.row.failureReason).toBe('The digest could not be rendered: boom');
    expect(t.deliveries.insertPending).not.toHaveBeenCalled();
  });

  it('fails a batch without claiming or sending anything, and cancels what is pending', async () => {
    const t = setUp('sending', unrenderable);
    await t.delivery.sendRange(7, 1, 100);
    expect(t.row.status).toBe('failed');
    expect(t.deliveries.claim).not.toHaveBeenCalled();
    expect(t.mailer.send).not.toHaveBeenCalled();
    expect(t.deliveries.cancelPending).toHaveBeenCalledWith(7);
  });

  it('fails a single retry the same way', async () => {
    const t = setUp('sending', unrenderable);
    await t.delivery.retryDelivery(7, 42);
    expect(t.row.status).toBe('failed');
    expect(t.deliveries.claim).not.toHaveBeenCalled();
  });

  it('leaves a campaign paused meanwhile as it is', async () => {
    const t = setUp('paused', unrenderable);
    await expect(t.delivery.sendable(Object.assign(new Campaign(), t.row))).resolves.toBeNull();
    expect(t.row.status).toBe('paused');
    expect(t.deliveries.cancelPending).not.toHaveBeenCalled();
  });

  it('throws a database error instead, so BullMQ retries and nothing is marked failed', async () => {
    const t = setUp('sending', () => Promise.reject(new Error('connection terminated')));
    await expect(t.delivery.sendRange(7, 1, 100)).rejects.toThrow('connection terminated');
    expect(t.row.status).toBe('sending');
    expect(t.deliveries.claim).not.toHaveBeenCalled();
  });
});
