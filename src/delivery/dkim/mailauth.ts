import { createRequire } from 'node:module';

/*
 * Typed doors into mailauth's own DKIM canonicalization (it ships no types for these modules).
 * Its whole-message dkimSign re-reads the PEM key and streams the message byte by byte on every
 * call; the signer uses these pieces instead, with the keys parsed once (see dkim-signer.ts).
 */

/** One header field as mailauth reads it: the name lower-cased and as written, the raw lines. */
export interface HeaderField {
  key: string | null;
  casedKey: string;
  line: Buffer;
}

/** The fields a signature covers (bottom-up, as RFC 6376 §5.4.2 wants) and its h= value. */
export interface SignedFields {
  keys: string;
  headers: HeaderField[];
}

/** The tags of a DKIM-Signature; `b` is added once the signature is made. */
export type SignatureTags = Record<string, string | number> & { b?: string };

interface BodyHasher {
  update(chunk: Buffer): void;
  digest(encoding: 'base64'): string;
}

const require = createRequire(import.meta.url);

const tools = require('mailauth/lib/tools') as {
  parseHeaders(header: Buffer): { parsed: HeaderField[] };
  getSigningHeaderLines(fields: HeaderField[], fieldNames: string): SignedFields;
  formatSignatureHeaderLine(type: 'DKIM', tags: SignatureTags, folded: true): string;
};
const { dkimBody } = require('mailauth/lib/dkim/body') as {
  dkimBody(canonicalization: 'relaxed', hash: 'sha256', maxBodyLength: false): BodyHasher;
};
const { generateCanonicalizedHeader } = require('mailauth/lib/dkim/header') as {
  generateCanonicalizedHeader(
    type: 'DKIM',
    fields: SignedFields,
    options: {
      signingDomain: string;
      selector: string;
      algorithm: string;
      canonicalization: 'relaxed/relaxed';
      bodyHash: string;
      signTime: Date;
    },
  ): { canonicalizedHeader: Buffer; dkimHeaderOpts: SignatureTags };
};

/** bh=: the relaxed-canonicalized body's SHA-256, in base64. */
export function relaxedBodyHash(body: Buffer): string {
  const hasher = dkimBody('relaxed', 'sha256', false);
  hasher.update(body);
  return hasher.digest('base64');
}

/** The header fields named in `fieldNames` (colon-separated), each occurrence, bottom-up. */
export function signedFields(header: Buffer, fieldNames: string): SignedFields {
  return tools.getSigningHeaderLines(tools.parseHeaders(header).parsed, fieldNames);
}

/**
 * What a signature signs: the covered fields, then its own DKIM-Signature with b= empty, both
 * relaxed-canonicalized; and the tags, to which the signature is added.
 */
export function canonicalizedHeader(
  fields: SignedFields,
  signature: {
    domain: string;
    selector: string;
    algorithm: string;
    bodyHash: string;
    time: number;
  },
): { canonical: Buffer; tags: SignatureTags } {
  const { canonicalizedHeader: canonical, dkimHeaderOpts: tags } = generateCanonicalizedHeader(
    'DKIM',
    fields,
    {
      signingDomain: signature.domain,
      selector: signature.selector,
      algorithm: signature.algorithm,
      canonicalization: 'relaxed/relaxed',
      bodyHash: signature.bodyHash,
      // t= is read from signTime once and kept in the tags the field is written from; without
      // it the field would read the clock again when written and could publish another second.
      signTime: new Date(signature.time * 1000),
    },
  );
  return { canonical, tags };
}

/** The DKIM-Signature field, folded, without its line end. */
export function signatureField(tags: SignatureTags): string {
  return tools.formatSignatureHeaderLine('DKIM', tags, true);
}
