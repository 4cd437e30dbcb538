import type { Progress } from '../../campaigns/campaign-sending.service.js';
import type { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { type ArabicNoun, arabicCount, NOUNS } from '../../common/arabic-count.js';
import { arabicNumber } from '../../common/arabic-format.js';

/** After «إلى» the dual is genitive: «إلى مشتركَين», not «إلى مشتركان». */
const SUBSCRIBERS_AFTER_ILA: ArabicNoun = { ...NOUNS.subscriber, two: 'مشتركَين' };

/**
 * Not started yet: no delivery rows exist, so the progress would read «أُرسل ٠ من ٠». A campaign
 * paused before its fan-out (paused while scheduled) has none either.
 */
export function notStarted(campaign: Campaign, progress: Progress): boolean {
  return (
    campaign.status === 'draft' ||
    campaign.status === 'scheduled' ||
    (campaign.status === 'paused' && progress.total === 0)
  );
}

/** Whom a campaign that has not started would reach now: «ستُرسل إلى ١٬٢٣٤ مشتركاً». */
export function willGoTo(recipients: number): string {
  return recipients === 0
    ? 'لا مشتركين مؤكَّدين في القائمة بعد'
    : `ستُرسل إلى ${arabicCount(recipients, SUBSCRIBERS_AFTER_ILA)}`;
}

/** One short cell for the campaigns tables: its audience before it starts, its progress after. */
export function reachCell(campaign: Campaign, progress: Progress, recipients: number): string {
  if (notStarted(campaign, progress)) return willGoTo(recipients);
  if ((campaign.status === 'cancelled' || campaign.status === 'failed') && progress.total === 0) {
    return 'لم تُرسل';
  }
  return `${arabicNumber(progress.sent)} من ${arabicNumber(progress.total)}`;
}
