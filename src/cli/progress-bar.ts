import type { Progress } from '../campaigns/campaign-sending.service.js';

const WIDTH = 30;

/** «[██████████░░░░…] 42%  840/2,000 sent · 3 failed · 1,157 pending · 410/s · sending» */
export function progressLine(status: string, progress: Progress): string {
  const done = progress.sent + progress.failed + progress.skipped + progress.cancelled;
  const ratio = progress.total > 0 ? done / progress.total : status === 'sent' ? 1 : 0;
  const filled = Math.round(ratio * WIDTH);
  const number = (value: number) => value.toLocaleString('en-US');
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`;
  const counts = [
    `${number(progress.sent)}/${number(progress.total)} sent`,
    `${number(progress.failed)} failed`,
    `${number(progress.pending)} pending`,
    // A subject test's rest of the list, waiting for the winner.
    ...(progress.held > 0 ? [`${number(progress.held)} waiting for the chosen subject`] : []),
    `${number(progress.rate)}/s`,
    status,
  ];
  return `${bar}  ${counts.join(' · ')}`;
}
