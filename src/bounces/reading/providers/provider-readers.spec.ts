import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBounceMessage } from '../bounce-message.js';
import type { FailedRecipient } from '../failed-recipient.js';
import { providerReaders } from './index.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/bounces/eml');

async function readWithProviders(
  file: string,
): Promise<{ reader: string; recipients: FailedRecipient[] } | null> {
  const message = await readBounceMessage(readFileSync(join(FIXTURES, file)));
  for (const reader of providerReaders) {
    const recipients = reader.read(message);
    if (recipients) return { reader: reader.name, recipients };
  }
  return null;
}

describe('providerReaders', () => {
  it.each([
    ['lhost-gmail-01.eml', 'gmail', 'userunknown@example.jp', '5.1.1', undefined],
    ['lhost-gmail-11.eml', 'gmail', 'kijitora@example.com', '', 'expired'],
    ['lhost-googlegroups-07.eml', 'google-groups', 'libsisimai@googlegroups.com', '', 'rejected'],
    ['lhost-googleworkspace-01.eml', 'google-workspace', 'nekochan@example.co.jp', '', undefined],
    ['lhost-yahoo-11.eml', 'yahoo', 'kijitora@example.jp', '5.1.8', undefined],
    [
      'lhost-office365-13.eml',
      'office365',
      'kijitora-nyaan@neko.kyoto.example.jp',
      '5.1.10',
      'userunknown',
    ],
    ['lhost-outlook-03.eml', 'outlook', 'kijitora@example.jp', '5.5.0', 'hostunknown'],
    ['lhost-amazonses-09.eml', 'amazon-ses', 'bounce@simulator.amazonses.com', '5.1.1', undefined],
    ['lhost-amazonses-03.eml', 'amazon-ses', 'kijitora@example.jp', '5.2.2', undefined],
    ['lhost-receivingses-07.eml', 'receiving-ses', 'neko@neko.example.jp', '5.2.0', undefined],
    ['lhost-amazonworkmail-01.eml', 'amazon-workmail', 'kijitora@example.jp', '5.1.1', undefined],
    ['lhost-mailru-05.eml', 'mailru', 'neko@libsisimai.org', '5.0.0', 'notaccept'],
    ['lhost-mailru-09.eml', 'mailru', 'kijitora@example.jp', '5.1.8', 'rejected'],
    ['lhost-zoho-05.eml', 'zoho', 'kijitora@7jo.example.jp', '', 'expired'],
    [
      'lhost-ezweb-03.eml',
      'ezweb',
      'this-local-part-does-not-exist-on-the-site@ezweb.ne.jp',
      '',
      'suspend',
    ],
    ['lhost-ezweb-08.eml', 'ezweb', 'kijitora-neko-nyaan-22222-cats@hotmail.com', '', undefined],
    ['lhost-kddi-02.eml', 'kddi', 'kijitora@00000000000000.dion.ne.jp', '', 'mailboxfull'],
    ['lhost-biglobe-01.eml', 'biglobe', 'postmaster@mxr.biglobe.ne.jp', '', 'mailboxfull'],
  ])('%s: %s finds %s (%s, %s)', async (file, reader, address, status, reason) => {
    const found = await readWithProviders(file);
    expect(found?.reader).toBe(reader);
    expect(found?.recipients).toHaveLength(1);
    expect(found?.recipients[0]).toMatchObject({ recipient: address, status });
    expect(found?.recipients[0].reason).toBe(reason);
  });

  it('finds every recipient of a report that names several (GMX, Zoho, Yandex)', async () => {
    const gmx = await readWithProviders('lhost-gmx-03.eml');
    expect(gmx?.recipients.map((one) => [one.recipient, one.status])).toEqual([
      ['mikeneko@example.co.jp', '5.2.1'],
      ['sabineko@example.co.jp', '5.2.2'],
    ]);
    const zoho = await readWithProviders('lhost-zoho-02.eml');
    expect(zoho?.recipients.map((one) => one.recipient)).toEqual([
      'mikeneko@example.co.jp',
      'sabineko@example.co.jp',
    ]);
    const yandex = await readWithProviders('lhost-yandex-02.eml');
    expect(yandex?.recipients.map((one) => one.status)).toEqual(['5.2.1', '5.2.2']);
  });

  it("reads the full address from Mail.Ru's English part when the Russian one drops the domain", async () => {
    const found = await readWithProviders('lhost-mailru-04.eml');
    expect(found?.recipients.map((one) => one.recipient)).toEqual(['kijitora@example.jp']);
  });

  it('marks a Gmail delay as delayed, not failed', async () => {
    const found = await readWithProviders('lhost-gmail-17.eml');
    expect(found?.recipients[0]).toMatchObject({
      recipient: 'mikeneko@libsisimai.org',
      action: 'delayed',
    });
  });

  it.each([
    'lhost-qmail-03.eml',
    'arf-01.eml',
    'lhost-postfix-01.eml',
    'rfc3464-63.eml',
    'not-a-bounce--is-not-bounce-01.eml',
  ])('leaves %s to other readers', async (file) => {
    expect(await readWithProviders(file)).toBeNull();
  });
});
