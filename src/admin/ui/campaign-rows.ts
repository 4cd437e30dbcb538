import type { CampaignSendingService } from '../../campaigns/campaign-sending.service.js';
import type { CampaignsService } from '../../campaigns/campaigns.service.js';
import type { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { notStarted } from './campaign-audience.js';
import type { CampaignRow } from './campaign-list-view.js';

/**
 * The campaigns tables' rows: each campaign's progress and list name, and for those that have
 * not started whom they would reach now (one count per list, however many drafts share it).
 */
export async function campaignRows(
  campaigns: Campaign[],
  listNames: Map<number, string>,
  services: { campaigns: CampaignsService; sending: CampaignSendingService },
): Promise<CampaignRow[]> {
  const progress = await Promise.all(
    campaigns.map((campaign) => services.sending.progress(campaign)),
  );
  const waiting = campaigns.filter((campaign, index) => notStarted(campaign, progress[index]));
  const audiences = await services.campaigns.recipientsNow(waiting.map((c) => c.listId));
  return campaigns.map((campaign, index) => ({
    campaign,
    progress: progress[index],
    listName: listNames.get(campaign.listId) ?? '—',
    recipients: audiences.get(campaign.listId) ?? 0,
  }));
}
