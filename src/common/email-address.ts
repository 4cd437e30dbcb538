import { domainToASCII } from 'node:url';

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

// RFC 5322 dot-atom of the local part. Quoted local parts and SMTPUTF8 addresses are refused on
// purpose: almost no reader has one, and they are where header injection and lookalikes hide.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPTS = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/**
 * Trims the address, lower-cases the domain and turns an IDN domain into punycode, then checks
 * RFC 5321 lengths (64 local, 255 domain, 254 in all) and syntax. Returns a reason a person can act on.
 */
export function normalizeEmail(input: unknown): EmailCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'email must be a string' };
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'email is required' };
  if (trimmed.length > 320) return { ok: false, reason: 'email is too long' };
  if (/[\s\x00-\x1f\x7f]/.test(trimmed)) {
    return { ok: false, reason: 'email must not contain spaces or control characters' };
  }
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) {
    return { ok: false, reason: 'email must look like name@example.com' };
  }
  const local = trimmed.slice(0, at);
  const unicodeDomain = trimmed.slice(at + 1);
  if (!LOCAL_PART.test(local)) {
    return { ok: false, reason: 'the part before @ has characters that are not allowed' };
  }
  if (Buffer.byteLength(local) > 64) {
    return { ok: false, reason: 'the part before @ is longer than 64 characters' };
  }
  if (mixesConfusableScripts(unicodeDomain)) {
    return { ok: false, reason: 'the domain mixes Latin letters with lookalike letters' };
  }
  const domain = domainToASCII(unicodeDomain.toLowerCase());
  if (!domain) return { ok: false, reason: 'the domain is not a valid domain name' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, reason: 'the domain is not a valid domain name' };
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    return { ok: false, reason: 'the domain is not a valid domain name' };
  }
  const email = `${local}@${domain}`;
  if (domain.length > 253 || email.length > 254) {
    return { ok: false, reason: 'email is longer than 254 characters' };
  }
  return { ok: true, email };
}

/** "gmаil.com" with a Cyrillic "а" is a lookalike of a Latin domain; Arabic domains are fine. */
function mixesConfusableScripts(domain: string): boolean {
  return domain.split('.').some((label) => LATIN.test(label) && CONFUSABLE_SCRIPTS.test(label));
}

/**
 * The mailbox a normalised address names, the key addresses are compared and kept unique by: its
 * local part lower-cased too (the domain already is). RFC 5321 lets a server tell `Ali@` from
 * `ali@`, but no mailbox a reader has does, and treating them as two lets anyone sign one mailbox
 * up many times over.
 */
export function emailKey(email: string): string {
  return email.toLowerCase();
}
