import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type { DkimConfig } from '../src/config/config.js';
import { DkimSigner } from '../src/delivery/dkim/dkim-signer.js';
import { dkimRecordName, dkimTxtRecord } from '../src/delivery/dkim/dns-record.js';

const require = createRequire(import.meta.url);
const { dkimVerify } =
  require('mailauth/lib/dkim/verify') as typeof import('mailauth/lib/dkim/verify.js');
const { dkimSign } =
  require('mailauth/lib/dkim/sign') as typeof import('mailauth/lib/dkim/sign.js');

export type DkimChoice = 'rsa' | 'rsa+ed25519';

const DOMAIN = 'bench.example';

/** Fresh keys for a run: the workers' DKIM_* environment and the same keys in process. */
export function benchDkim(choice: DkimChoice) {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ed25519 = generateKeyPairSync('ed25519');
  const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const both = choice === 'rsa+ed25519';
  const env: Record<string, string> = {
    DKIM_DOMAIN: DOMAIN,
    DKIM_SELECTOR: 'bench',
    DKIM_PRIVATE_KEY: pem(rsa.privateKey),
    ...(both ? { DKIM_ED25519_KEY: pem(ed25519.privateKey) } : {}),
  };
  const config: DkimConfig = {
    domain: DOMAIN,
    keys: [
      { selector: 'bench', algorithm: 'rsa-sha256', privateKey: rsa.privateKey },
      ...(both
        ? [
            {
              selector: 'bench-ed25519',
              algorithm: 'ed25519-sha256' as const,
              privateKey: ed25519.privateKey,
            },
          ]
        : []),
    ],
  };
  const records = new Map([
    [dkimRecordName('bench', DOMAIN), dkimTxtRecord(rsa.publicKey)],
    [dkimRecordName('bench-ed25519', DOMAIN), dkimTxtRecord(ed25519.publicKey)],
  ]);
  return {
    env,
    config,
    pems: config.keys.map((key) => ({ selector: key.selector, pem: pem(key.privateKey) })),
    resolver: async (name: string) => {
      const record = records.get(name);
      if (!record) throw Object.assign(new Error(`no ${name}`), { code: 'ENOTFOUND' });
      return [record];
    },
  };
}

/** The run measures signing only if what it signs verifies. */
export async function assertSigned(
  message: Buffer,
  dkim: ReturnType<typeof benchDkim>,
): Promise<void> {
  const signed = await new DkimSigner(dkim.config).sign(message);
  const { results } = await dkimVerify(signed, { resolver: dkim.resolver });
  const outcomes = results.map((result) => result.status.result);
  if (outcomes.length !== dkim.config.keys.length || outcomes.some((result) => result !== 'pass')) {
    throw new Error(`the bench's DKIM signatures do not verify: ${outcomes.join(', ')}`);
  }
}

export interface SignerCost {
  /** Process CPU per message, µs. */
  cpuUs: number;
  /** Time per message, one after another, µs. */
  wallUs: number;
}

type Sign = (message: Buffer) => Promise<unknown>;

/** One round: `count` messages signed one after another. */
async function round(sign: Sign, message: Buffer, count: number): Promise<SignerCost> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < count; index++) await sign(message);
  const used = process.cpuUsage(cpu);
  return {
    cpuUs: Math.round((used.user + used.system) / count),
    wallUs: Math.round(((performance.now() - started) * 1000) / count),
  };
}

/**
 * Our signer with RSA alone and with RSA and Ed25519, and mailauth's dkimSign with both, in
 * process with nothing else running. The three take turns for five rounds and each keeps its
 * best: the machine may be busy with something else for part of a round, and taking turns
 * spreads that over all three.
 */
export async function signerCosts(message: Buffer) {
  const both = benchDkim('rsa+ed25519');
  const signers: [keyof typeof best, Sign, number][] = [
    ['rsa', nashraSigner(benchDkim('rsa').config), 500],
    ['rsaEd25519', nashraSigner(both.config), 500],
    ['mailauthRsaEd25519', mailauthSigner(both), 100],
  ];
  const worst = { cpuUs: Infinity, wallUs: Infinity };
  const best = { rsa: worst, rsaEd25519: worst, mailauthRsaEd25519: worst };
  for (const [, sign] of signers) await round(sign, message, 50);
  for (let turn = 0; turn < 5; turn++) {
    for (const [name, sign, count] of signers) {
      const cost = await round(sign, message, count);
      if (cost.cpuUs < best[name].cpuUs) best[name] = cost;
    }
  }
  return { messageBytes: message.length, ...best };
}

/** The signer as the workers use it, for one configuration of keys. */
function nashraSigner(config: DkimConfig) {
  const signer = new DkimSigner(config);
  return (message: Buffer) => signer.sign(message);
}

/** mailauth's whole-message dkimSign with the same keys: what the signer avoids. */
function mailauthSigner(dkim: ReturnType<typeof benchDkim>) {
  const signatureData = dkim.pems.map(({ selector, pem }) => ({
    signingDomain: DOMAIN,
    selector,
    privateKey: pem,
  }));
  return async (message: Buffer) => {
    const result = await dkimSign(message, { signatureData } as Parameters<typeof dkimSign>[1]);
    // mailauth 4 reports each failure as { err, selector, … }, though its types say Error.
    const failure = result.errors?.[0] as { err?: Error } | undefined;
    if (failure) throw new Error(`mailauth could not sign: ${failure.err}`);
    return result;
  };
}
