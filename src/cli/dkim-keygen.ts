import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { DNS_NAME } from '../config/dkim-config.js';
import { dkimRecordName, dkimTxtRecord } from '../delivery/dkim/dns-record.js';
import { type Output, UsageError } from './commands.js';

/**
 * `dkim:keygen <domain> <selector> [--ed25519]`: new keys, the TXT records to publish and the
 * environment to set. Nothing is stored: the operator keeps the private keys.
 */
export function dkimKeygen(args: string[], ed25519: boolean, out: Output): void {
  const [domainArg, selector] = args;
  if (!domainArg || !selector) throw new UsageError('dkim:keygen: missing <domain> <selector>');
  const domain = domainToASCII(domainArg.trim().replace(/\.$/, ''));
  if (!DNS_NAME.test(domain)) throw new UsageError(`dkim:keygen: not a domain name: ${domainArg}`);
  if (!DNS_NAME.test(selector)) throw new UsageError(`dkim:keygen: not a selector: ${selector}`);

  const keys = [
    {
      selector,
      algorithm: 'rsa-sha256',
      pair: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    },
    ...(ed25519
      ? [
          {
            selector: `${selector}-ed25519`,
            algorithm: 'ed25519-sha256',
            pair: generateKeyPairSync('ed25519'),
          },
        ]
      : []),
  ];
  out.line(`# DKIM for ${domain}: keep the private keys secret, publish the TXT records.`);
  for (const key of keys) {
    out.line('');
    out.line(`## ${key.algorithm}, selector ${key.selector}`);
    out.line('');
    out.line(pem(key.pair.privateKey).trimEnd());
    out.line('');
    out.line('TXT record, as a zone-file line (DNS carries at most 255 characters a string; a');
    out.line('DNS panel that takes one value wants the strings joined, without the quotes):');
    const strings = dkimTxtRecord(key.pair.publicKey).map((part) => `"${part}"`);
    out.line(`${dkimRecordName(key.selector, domain)}. IN TXT ( ${strings.join(' ')} )`);
  }
  out.line('');
  out.line('## Environment (or save each PEM to a file and give its path instead)');
  out.line('');
  out.line(`DKIM_DOMAIN=${domain}`);
  out.line(`DKIM_SELECTOR=${selector}`);
  out.line(`DKIM_PRIVATE_KEY="${oneLine(keys[0].pair.privateKey)}"`);
  if (keys[1]) {
    out.line(`DKIM_ED25519_SELECTOR=${keys[1].selector}`);
    out.line(`DKIM_ED25519_KEY="${oneLine(keys[1].pair.privateKey)}"`);
  }
}

function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The PEM with its line breaks written as \n, as the configuration reads it back. */
function oneLine(key: KeyObject): string {
  return pem(key).trimEnd().replace(/\n/g, '\\n');
}
