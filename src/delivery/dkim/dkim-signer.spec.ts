import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import type { DkimConfig } from '../../config/config.js';
import { MimeTemplate } from '../mime-template.js';
import { DkimSigner, DkimSignError } from './dkim-signer.js';
import { dkimRecordName, dkimTxtRecord } from './dns-record.js';

const require = createRequire(import.meta.url);
const { dkimVerify } =
  require('mailauth/lib/dkim/verify') as typeof import('mailauth/lib/dkim/verify.js');
const { dkimSign } =
  require('mailauth/lib/dkim/sign') as typeof import('mailauth/lib/dkim/sign.js');

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed25519 = generateKeyPairSync('ed25519');
const DOMAIN = 'news.example';

const config = (withEd25519: boolean): DkimConfig => ({
  domain: DOMAIN,
  keys: [
    { selector: 'nashra', algorithm: 'rsa-sha256', privateKey: rsa.privateKey },
    ...(withEd25519
      ? [
          {
            selector: 'nashra-ed',
            algorithm: 'ed25519-sha256' as const,
            privateKey: ed25519.privateKey,
          },
        ]
      : []),
  ],
});

/** DNS as a verifier sees it: each selector's TXT record, split into strings. */
const records = new Map<string, string[]>([
  [dkimRecordName('nashra', DOMAIN), dkimTxtRecord(rsa.publicKey)],
  [dkimRecordName('nashra-ed', DOMAIN), dkimTxtRecord(ed25519.publicKey)],
]);
const resolver = async (name: string) => {
  const record = records.get(name);
  if (!record) throw Object.assign(new Error(`no ${name}`), { code: 'ENOTFOUND' });
  return [record];
};

/** A verifier's result; mailauth 4 returns a= and h= as `algo` and `signingHeaders`, untyped. */
type Verified = Awaited<ReturnType<typeof dkimVerify>>['results'][number] & {
  algo?: string;
  signingHeaders?: { keys: string };
};

async function verify(raw: Buffer) {
  const { results } = await dkimVerify(raw, { resolver });
  return (results as Verified[]).map((result) => ({
    selector: result.selector,
    algorithm: result.algo,
    result: result.status.result,
    signed: result.signingHeaders?.keys.toLowerCase().split(': '),
  }));
}

/** A digest-shaped message: Arabic text, indented HTML (relaxed canonicalization has work to do). */
function message(): Buffer {
  const paragraph =
    'أعلنت خلية الإعلام الأمني، الاثنين، عن استلام وزارة الداخلية العراقية ذخيرة وأسلحة.';
  const card = `      <tr>\n        <td   style="padding:0 24px">\t<a href="[[unsubscribe_url]]">${paragraph}</a>  </td>\n      </tr>\n`;
  const template = new MimeTemplate({
    from: 'نشرة <newsletter@news.example>',
    subject: 'نشرة الصباح',
    headers: {
      'List-Unsubscribe': '<[[unsubscribe_url]]>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': 'daily <daily.news.example>',
      'Feedback-ID': '7:daily:nashra',
    },
    html: `<table>\n${card.repeat(200)}</table>\n\n\n`,
    text: `${paragraph}\n\n[[unsubscribe_url]]\n`.repeat(50),
  });
  return template.render({
    to: 'reader@readers.example',
    date: 'Tue, 24 Nov 2026 04:00:00 +0000',
    message_id: 'campaign.7.42@news.example',
    unsubscribe_url: 'https://news.example/unsubscribe/abc',
  });
}

describe('DkimSigner', () => {
  it('puts an rsa-sha256 signature in front of the message, covering the list headers', async () => {
    const raw = message();
    const signed = await new DkimSigner(config(false)).sign(raw);
    expect(signed.subarray(signed.length - raw.length).equals(raw)).toBe(true);
    const added = signed.subarray(0, signed.length - raw.length).toString();
    expect(added).toMatch(
      /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=news\.example;/,
    );
    expect(added.match(/^DKIM-Signature:/gm)).toHaveLength(1);
    expect(added).toMatch(/\r\n$/);
    expect(added.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const [result] = await verify(signed);
    expect(result).toMatchObject({ selector: 'nashra', algorithm: 'rsa-sha256', result: 'pass' });
    expect(result.signed).toEqual(
      expect.arrayContaining([
        'from',
        'to',
        'subject',
        'date',
        'message-id',
        'mime-version',
        'content-type',
        'list-id',
        'list-unsubscribe',
        'list-unsubscribe-post',
        'feedback-id',
      ]),
    );
    // From is listed twice (oversigned), and absent fields are not listed.
    expect(/ h=([^;]+);/.exec(added.replace(/\r\n /g, ' '))![1].toLowerCase()).toMatch(
      /(^|[: ])from: from$/,
    );
    expect(result.signed).not.toContain('reply-to');
  });

  it('adds an ed25519-sha256 signature with the same body hash as mailauth computes', async () => {
    const raw = message();
    const signed = await new DkimSigner(config(true)).sign(raw);
    expect(await verify(signed)).toEqual([
      expect.objectContaining({ selector: 'nashra', algorithm: 'rsa-sha256', result: 'pass' }),
      expect.objectContaining({
        selector: 'nashra-ed',
        algorithm: 'ed25519-sha256',
        result: 'pass',
      }),
    ]);
    const bodyHashes = signed.toString().match(/bh=([^;]+);/g);
    const reference = await dkimSign(raw, {
      signatureData: [
        {
          signingDomain: DOMAIN,
          selector: 'x',
          privateKey: ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }),
        },
      ],
    } as Parameters<typeof dkimSign>[1]);
    expect(bodyHashes).toEqual([
      /bh=[^;]+;/.exec(reference.signatures)![0],
      /bh=[^;]+;/.exec(reference.signatures)![0],
    ]);
  });

  it("dates the signature (t=) by the signer's clock, the same second in every signature", async () => {
    const now = Date.UTC(2026, 10, 24, 4, 0, 0, 999);
    const signed = await new DkimSigner(config(true), () => now).sign(message());
    const header = signed.subarray(0, signed.indexOf('\r\n\r\n')).toString();
    expect(header.match(/ t=(\d+);/g)).toEqual([' t=1795492800;', ' t=1795492800;']);
    expect((await verify(signed)).map((result) => result.result)).toEqual(['pass', 'pass']);
  });

  it('is broken by any change after signing, and by a second From', async () => {
    const signed = (await new DkimSigner(config(true)).sign(message())).toString('latin1');
    const outcomes = async (text: string) =>
      (await verify(Buffer.from(text, 'latin1'))).map((result) => result.result);
    const body = signed.indexOf('\r\n\r\n');
    const middle = body + Math.floor((signed.length - body) / 2);
    const letter = middle + /[A-Za-z]/.exec(signed.slice(middle))!.index;
    const bodyChanged = `${signed.slice(0, letter)}${signed[letter] === 'a' ? 'b' : 'a'}${signed.slice(letter + 1)}`;

    expect(await outcomes(signed)).toEqual(['pass', 'pass']);
    expect(await outcomes(signed.replace('campaign.7.42@', 'campaign.7.43@'))).toEqual([
      'fail',
      'fail',
    ]);
    // mailauth 4 reports a body that no longer matches bh= as neutral ("body hash did not verify").
    expect(await outcomes(bodyChanged)).toEqual(['neutral', 'neutral']);
    expect(await outcomes(`From: <ceo@news.example>\r\n${signed}`)).toEqual(['fail', 'fail']);
    // A forwarder's own list field above ours changes nothing that was signed.
    expect(await outcomes(`List-Id: <other.example>\r\n${signed}`)).toEqual(['pass', 'pass']);
  });

  it('refuses what it cannot sign rather than letting it out unsigned', async () => {
    const signer = new DkimSigner(config(false));
    await expect(
      signer.sign(Buffer.from('From: <a@news.example>\r\nSubject: x\r\n')),
    ).rejects.toThrow(DkimSignError);
    await expect(signer.sign(Buffer.from('Subject: x\r\n\r\nbody\r\n'))).rejects.toThrow(
      'DKIM: the message has no From header',
    );
    const unusable = new DkimSigner({
      domain: DOMAIN,
      keys: [{ selector: 'nashra', algorithm: 'rsa-sha256', privateKey: rsa.publicKey }],
    });
    await expect(unusable.sign(message())).rejects.toThrow();
  });
});

describe('dkimTxtRecord', () => {
  it('splits an RSA-2048 record into strings DNS can carry', () => {
    const strings = dkimTxtRecord(rsa.publicKey);
    expect(strings.length).toBeGreaterThan(1);
    for (const string of strings) expect(string.length).toBeLessThanOrEqual(255);
    expect(strings.join('')).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjAN[A-Za-z0-9+/]+=*$/);
  });

  it('publishes the bare 32-byte Ed25519 key', () => {
    const [value, ...rest] = dkimTxtRecord(ed25519.publicKey);
    expect(rest).toEqual([]);
    const key = /^v=DKIM1; k=ed25519; p=([A-Za-z0-9+/]+=*)$/.exec(value)![1];
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });
});
