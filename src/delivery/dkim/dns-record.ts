import type { KeyObject } from 'node:crypto';

/** DNS carries a TXT record as strings of at most 255 characters each (RFC 1035 §3.3.14). */
const TXT_STRING = 255;

/**
 * The TXT record that publishes a DKIM public key at `<selector>._domainkey.<domain>`, as the
 * strings DNS needs: RSA as its SubjectPublicKeyInfo (RFC 6376 §3.6.1), Ed25519 as the bare
 * 32-byte key (RFC 8463 §4.2).
 */
export function dkimTxtRecord(publicKey: KeyObject): string[] {
  const type = publicKey.asymmetricKeyType;
  let key: string;
  if (type === 'rsa') {
    key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  } else if (type === 'ed25519') {
    key = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  } else {
    throw new Error(`DKIM keys are rsa or ed25519, not ${type}`);
  }
  const value = `v=DKIM1; k=${type}; p=${key}`;
  const strings: string[] = [];
  for (let at = 0; at < value.length; at += TXT_STRING) {
    strings.push(value.slice(at, at + TXT_STRING));
  }
  return strings;
}

/** Where the record goes. */
export function dkimRecordName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}
