import type { Progress } from '../../campaigns/campaign-sending.service.js';
import type { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { html, type SafeHtml } from '../../common/html.js';
import { arabicNumber, arabicTime } from '../../common/arabic-format.js';
import { statusBadge } from './status-labels.js';
import { reachCell } from './campaign-audience.js';

export interface CampaignRow {
  campaign: Campaign;
  progress: Progress;
  /** The list's name, never its slug. */
  listName: string;
  /** Who it would go to now; read only for campaigns that have not started. */
  recipients: number;
}

/** /admin/campaigns: the newest campaigns with their list, state and reach. */
export function campaignListView(rows: CampaignRow[], timeZone: string): SafeHtml {
  return html`<p><a class="button" href="/admin/campaigns/new">حملة جديدة</a></p>
    ${rows.length ? campaignsTable(rows, timeZone) : html`<p class="muted">لا حملات بعد.</p>`}`;
}

/** Campaigns with their list, state, reach (or progress) and the time of their last step. */
export function campaignsTable(rows: CampaignRow[], timeZone: string): SafeHtml {
  return html`<div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th>العنوان</th>
          <th>القائمة</th>
          <th>الحالة</th>
          <th>الإرسال</th>
          <th>الوقت</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <td><a href="/admin/campaigns/${row.campaign.id}">${row.campaign.subject}</a></td>
            <td>${row.listName}</td>
            <td>${statusBadge(row.campaign.status)}</td>
            <td data-reach>
              ${reachCell(row.campaign, row.progress, row.recipients)}
              ${row.progress.failed ? html`· فشل ${arabicNumber(row.progress.failed)}` : ''}
            </td>
            <td>${arabicTime(
              row.campaign.finishedAt ?? row.campaign.startedAt ?? row.campaign.createdAt,
              timeZone,
            )}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
