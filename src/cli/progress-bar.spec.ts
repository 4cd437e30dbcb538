import { progressLine } from './progress-bar.js';

const progress = {
  total: 2000,
  sent: 840,
  failed: 3,
  pending: 1157,
  held: 0,
  skipped: 0,
  cancelled: 0,
  rate: 410,
  bounced: 0,
  hardBounced: 0,
  softBounced: 0,
  blocked: 0,
  complaints: 0,
};

describe('the CLI progress bar', () => {
  it('fills in proportion to what is done, and names the counts', () => {
    const line = progressLine('sending', progress);
    expect(line).toBe(
      `[${'█'.repeat(13)}${'░'.repeat(17)}]  42%  840/2,000 sent · 3 failed · 1,157 pending · 410/s · sending`,
    );
  });

  it('is full once everything is sent, and empty before the fan-out', () => {
    const sent = { ...progress, sent: 1997, pending: 0 };
    expect(progressLine('sent', sent)).toMatch(/^\[█{30}\] 100% /);
    expect(
      progressLine('sending', { ...progress, total: 0, sent: 0, pending: 0, failed: 0 }),
    ).toMatch(/^\[░{30}\] {3}0% /);
  });

  it("names a subject test's readers who wait for the chosen subject", () => {
    const line = progressLine('sending', { ...progress, pending: 0, held: 1157 });
    expect(line).toContain('1,157 waiting for the chosen subject');
    expect(line).toMatch(/ 42% /);
  });
});
