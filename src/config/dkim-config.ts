import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import { z } from 'zod';

/** A DNS name of letters, digits and hyphens (a DKIM domain or selector, RFC 6376 §3.5). */
export const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const dkimDomain = z
  .string()
  .transform((value) => domainToASCII(value.trim().replace(/\.$/, '')))
  .pipe(z.string().regex(DNS_NAME, 'must be a domain name (news.example)'));

export const dkimSelector = z
  .string()
  .regex(DNS_NAME, 'must be letters, digits and hyphens (dot-separated labels)');

/** A private key of `type`, given as PEM text or as the path of a PEM file, parsed at start. */
export const privateKey = (type: 'rsa' | 'ed25519') =>
  z.string().transform((value, ctx) => {
    try {
      return readPrivateKey(value, type);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The DKIM_* variables as the schema parsed them. */
export interface DkimVariables {
  DKIM_DOMAIN?: string;
  DKIM_SELECTOR?: string;
  DKIM_PRIVATE_KEY?: KeyObject;
  DKIM_ED25519_KEY?: KeyObject;
  DKIM_ED25519_SELECTOR?: string;
}

/** Every message is signed once per key, all under one d= domain. */
export interface DkimConfig {
  domain: string;
  /** rsa-sha256 first, then ed25519-sha256 when DKIM_ED25519_KEY is set. */
  keys: DkimKey[];
}

export interface DkimKey {
  selector: string;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  privateKey: KeyObject;
}

/** DKIM's variables go together: a signature needs its domain, selector and key. */
export function dkimProblems(dkim: DkimVariables): string[] {
  const core = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'] as const;
  const given = core.filter((key) => dkim[key] !== undefined);
  if (given.length > 0 && given.length < core.length) {
    return core
      .filter((key) => dkim[key] === undefined)
      .map((key) => `${key}: required with ${given.join(' and ')}`);
  }
  if (given.length === 0 && (dkim.DKIM_ED25519_KEY || dkim.DKIM_ED25519_SELECTOR)) {
    return [
      'DKIM_ED25519_KEY: adds to the RSA signature; set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY too',
    ];
  }
  if (dkim.DKIM_ED25519_SELECTOR && !dkim.DKIM_ED25519_KEY) {
    return ['DKIM_ED25519_SELECTOR: set without DKIM_ED25519_KEY'];
  }
  if (dkim.DKIM_ED25519_KEY && dkim.DKIM_ED25519_SELECTOR === dkim.DKIM_SELECTOR) {
    return [
      'DKIM_ED25519_SELECTOR: must differ from DKIM_SELECTOR (each key has its own DNS record)',
    ];
  }
  return [];
}

export function dkimConfig(dkim: DkimVariables): DkimConfig | null {
  if (!dkim.DKIM_DOMAIN || !dkim.DKIM_SELECTOR || !dkim.DKIM_PRIVATE_KEY) return null;
  const keys: DkimKey[] = [
    { selector: dkim.DKIM_SELECTOR, algorithm: 'rsa-sha256', privateKey: dkim.DKIM_PRIVATE_KEY },
  ];
  if (dkim.DKIM_ED25519_KEY) {
    keys.push({
      selector: dkim.DKIM_ED25519_SELECTOR ?? `${dkim.DKIM_SELECTOR}-ed25519`,
      algorithm: 'ed25519-sha256',
      privateKey: dkim.DKIM_ED25519_KEY,
    });
  }
  return { domain: dkim.DKIM_DOMAIN, keys };
}

/**
 * PEM text (with literal "\n" escapes too: env files often hold one line) or the path of a PEM
 * file. Refuses what no verifier would accept, so a bad key stops the process at start instead of
 * failing every send.
 */
function readPrivateKey(value: string, type: 'rsa' | 'ed25519'): KeyObject {
  const inline = value.includes('-----BEGIN');
  const pem = inline ? armored(value.replace(/\\n/g, '\n')) : readKeyFile(value.trim());
  if (/-----BEGIN ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new Error('the key is encrypted; give it unencrypted (openssl pkey -in key.pem)');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(
      inline ? 'not a PEM private key' : `${describePath(value)} holds no PEM private key`,
    );
  }
  if (key.asymmetricKeyType !== type) {
    throw new Error(`must be an ${type} private key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (type === 'rsa' && bits < 1024) {
    throw new Error(`an RSA key of ${bits} bits; verifiers want at least 1024 (use 2048)`);
  }
  return key;
}

/** From -----BEGIN to the last -----, so quotes an env file kept around the value do no harm. */
function armored(text: string): string {
  return text.slice(text.indexOf('-----BEGIN'), text.lastIndexOf('-----') + 5);
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new Error(`neither PEM text nor a readable file: ${describePath(path)} (${code})`, {
      cause: error,
    });
  }
}

/** The path as given when it looks like one; anything else might be key material. */
function describePath(value: string): string {
  return /^[\w./~-]{1,200}$/.test(value) && /[/.]/.test(value) ? value : 'the value';
}
