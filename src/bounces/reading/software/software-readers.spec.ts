import { readFileSync } from 'node:fs';
import { readBounceMessage } from '../bounce-message.js';
import type { BounceMessage, BounceReader } from '../failed-recipient.js';
import { activehunterReader } from './activehunter.js';
import { dragonflyReader } from './dragonfly.js';
import { exchange2003Reader } from './exchange-2003.js';
import { eximReader } from './exim.js';
import { imailReader } from './imail.js';
import { mailfoundryReader } from './mailfoundry.js';
import { mcafeeReader } from './mcafee.js';
import { mfilterReader } from './mfilter.js';
import { mxlogicReader } from './mxlogic.js';
import { notesReader } from './notes.js';
import { opensmtpdReader } from './opensmtpd.js';
import { postfixReader } from './postfix.js';
import { qmailReader } from './qmail.js';
import { v5sendmailReader } from './v5sendmail.js';
import { verizonReader } from './verizon.js';
import { x1Reader } from './x1.js';
import { x2Reader } from './x2.js';
import { x6Reader } from './x6.js';
import { softwareReaders } from './index.js';

const fixture = (name: string): Promise<BounceMessage> =>
  readBounceMessage(readFileSync(`test/fixtures/bounces/eml/${name}`));

// [file, reader, expected recipients as `address status` (status '' when the report gives none)]
const samples: [string, BounceReader, string[]][] = [
  ['lhost-qmail-03.eml', qmailReader, ['kijitora@example.org 5.7.1']],
  ['lhost-qmail-21.eml', qmailReader, ['libgsasl7-dev@email.example.jp 5.1.1']],
  ['lhost-exim-02.eml', eximReader, ['kijitora@example.jp 5.1.1', 'sabatora@example.jp 5.2.1']],
  ['lhost-exim-07.eml', eximReader, ['shiba@example.com ']],
  ['lhost-exim-44.eml', eximReader, ['kijitora@example.com ']],
  ['lhost-exim-52.eml', eximReader, ['neko@example.net ']],
  ['lhost-dragonfly-01.eml', dragonflyReader, ['pseudo-local-part@google.example.com 5.7.26']],
  ['lhost-dragonfly-29.eml', dragonflyReader, ['expired@libsisimai.net ']],
  ['lhost-opensmtpd-01.eml', opensmtpdReader, ['apdugoaidugoaidugoaeiudggadi@gmail.com 5.1.1']],
  [
    'lhost-exchange2003-02.eml',
    exchange2003Reader,
    ['kijitora@example.co.jp ', 'mikeneko@example.co.jp '],
  ],
  ['lhost-exchange2003-03.eml', exchange2003Reader, ['kijitora@example.jp ']],
  ['lhost-imailserver-03.eml', imailReader, ['kijitora@neko.example.co.jp ']],
  ['lhost-notes-03.eml', notesReader, ['kijitora@example.com ']],
  [
    'lhost-v5sendmail-05.eml',
    v5sendmailReader,
    [
      'kijitora@example.edu ',
      'kuroneko@example.or.jp ',
      'kijitora@example.org ',
      'mikeneko@example.co.jp ',
    ],
  ],
  ['lhost-x1-01.eml', x1Reader, ['kijitora@example.co.jp ']],
  [
    'lhost-x2-02.eml',
    x2Reader,
    ['kijitora@example.com ', 'mikeneko@example.com ', 'sabineko@example.com '],
  ],
  ['lhost-x6-02.eml', x6Reader, ['kijitora@libsisimai.org 5.1.1']],
  ['lhost-mfilter-04.eml', mfilterReader, ['kijitora@libisismai.org 5.4.1']],
  ['lhost-mxlogic-01.eml', mxlogicReader, ['kijitora@example.co.jp 5.1.1']],
  ['lhost-verizon-02.eml', verizonReader, ['may-be-straycat-nyaaaaaan@vtext.com ']],
  ['lhost-postfix-07.eml', postfixReader, ['kijitora@user.example.or.jp ']],
  ['lhost-activehunter-02.eml', activehunterReader, ['kijitora@example.ed.jp ']],
  ['lhost-mailfoundry-01.eml', mailfoundryReader, ['kijitora@example.org ']],
  ['lhost-mcafee-01.eml', mcafeeReader, ['kijitora@example.co.jp ']],
];

describe('software readers on real bounces', () => {
  it.each(samples)(
    '%s: finds the recipients and statuses Sisimai finds',
    async (file, reader, expected) => {
      const found = reader.read(await fixture(file));
      expect(found?.map((r) => `${r.recipient} ${r.status}`)).toEqual(expected);
    },
  );

  it('keeps the words of the remote server as the diagnostic', async () => {
    const [recipient] = eximReader.read(await fixture('lhost-exim-02.eml')) ?? [];
    expect(recipient.diagnostic).toContain('550 5.1.1 <kijitora@example.jp>... User Unknown');
    expect(recipient.replyCode).toBe('550');
  });

  it("sets a reason only where the MTA's own words say it", async () => {
    // "Connected to … but sender was rejected" names the command; the server's reply, the reason.
    const qmail = qmailReader.read(await fixture('lhost-qmail-03.eml'));
    expect(qmail?.[0].reason).toBeUndefined();
    expect(qmail?.[0].command).toBe('MAIL');
    const exim = eximReader.read(await fixture('lhost-exim-08.eml'));
    expect(exim?.[0].reason).toBe('expired');
    const dragonfly = dragonflyReader.read(await fixture('lhost-dragonfly-24.eml'));
    expect(dragonfly?.[0].reason).toBeUndefined();
  });

  it('reads a "user unknown" the report does not tie to RCPT as filtered, as Sisimai does', async () => {
    expect(x1Reader.read(await fixture('lhost-x1-01.eml'))?.[0].reason).toBe('filtered');
    expect(exchange2003Reader.read(await fixture('lhost-exchange2003-01.eml'))?.[0].reason).toBe(
      'userunknown',
    );
  });

  it('does not take qmail\'s "queue too long" over the remote server\'s reply', async () => {
    const [recipient] = qmailReader.read(await fixture('lhost-qmail-16.eml')) ?? [];
    expect(recipient.reason).toBeUndefined();
    expect(recipient.status).toBe('5.1.1');
  });

  it.each(['lhost-gmail-01.eml', 'arf-01.eml', 'rfc3464-03.eml', 'lhost-postfix-04.eml'])(
    'every software reader returns null for %s (another format)',
    async (file) => {
      const message = await fixture(file);
      const claimed = softwareReaders
        .filter((reader) => reader.read(message) !== null)
        .map((r) => r.name);
      expect(claimed).toEqual([]);
    },
  );
});
