import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'nashra-config-'));

  it('applies the documented defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:3000',
      DATABASE_URL: 'sqlite:./data/nashra.sqlite',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_FROM: 'نشرة <newsletter@localhost>',
      ROLE: 'all',
      devInbox: true,
      database: { type: 'sqlite', path: './data/nashra.sqlite' },
    });
    // Outside production the secret is generated once and kept beside the data.
    expect(config.APP_SECRET).toBe(readFileSync(join(dir, 'app-secret'), 'utf8'));
    expect(loadConfig({ DATA_DIR: dir }).APP_SECRET).toBe(config.APP_SECRET);
  });

  it('gives each embedded database its own queue prefix, so two checkouts on one Redis stay apart', () => {
    const here = loadConfig({ DATA_DIR: dataDir() }).QUEUE_PREFIX;
    expect(here).toMatch(/^nashra-[0-9a-f]{8}$/);
    expect(loadConfig({ DATA_DIR: dataDir() }).QUEUE_PREFIX).toBe(here);
    const other = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: 'sqlite:/tmp/other/nashra.sqlite',
    });
    expect(other.QUEUE_PREFIX).toMatch(/^nashra-[0-9a-f]{8}$/);
    expect(other.QUEUE_PREFIX).not.toBe(here);
    const postgres = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://db/nashra' });
    expect(postgres.QUEUE_PREFIX).toBe('nashra');
    expect(loadConfig({ DATA_DIR: dataDir(), QUEUE_PREFIX: '{news}' }).QUEUE_PREFIX).toBe('{news}');
  });

  it('names every variable at fault', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ROLE: 'boss' });
    expect(attempt).toThrow(/^ {2}PORT: /m);
    expect(attempt).toThrow(/^ {2}DATABASE_URL: must start with sqlite: or postgres:\/\/$/m);
    expect(attempt).toThrow(/^ {2}ROLE: /m);
  });

  it('requires APP_SECRET and SMTP_URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'APP_SECRET: required when NODE_ENV=production\n  SMTP_URL: required when NODE_ENV=production',
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtps://user:pass@mail.example:465',
      METRICS_TOKEN: 'm'.repeat(20),
    });
    expect(config.devInbox).toBe(false);
  });

  it('keeps /metrics closed in production: METRICS_TOKEN, or METRICS_PUBLIC=true said out loud', () => {
    const production = {
      NODE_ENV: 'production',
      APP_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtps://user:pass@mail.example:465',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(
      /^ {2}METRICS_TOKEN: required when NODE_ENV=production \(or METRICS_PUBLIC=true/m,
    );
    expect(() => loadConfig({ ...production, METRICS_PUBLIC: 'false' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ...production, METRICS_TOKEN: 'm'.repeat(20) }).METRICS_TOKEN).toBe(
      'm'.repeat(20),
    );
    expect(loadConfig({ ...production, METRICS_PUBLIC: 'true' }).METRICS_PUBLIC).toBe(true);
    // A worker serves no HTTP: nothing to close.
    expect(loadConfig({ ...production, ROLE: 'worker' }).ROLE).toBe('worker');
    expect(() => loadConfig({ ...production, ROLE: 'api' })).toThrow(/METRICS_TOKEN/);
    // Outside production /metrics stays open by default, as before.
    expect(loadConfig({ DATA_DIR: dataDir() }).METRICS_PUBLIC).toBe(false);
  });

  it("takes TRUST_PROXY as Express does: a hop count or the proxies' addresses", () => {
    const trust = (value?: string) =>
      loadConfig({ DATA_DIR: dataDir(), ...(value === undefined ? {} : { TRUST_PROXY: value }) })
        .TRUST_PROXY;
    expect(trust()).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.0.1')).toEqual(['10.0.0.0/8', '192.168.0.1']);
    expect(trust('loopback,fd00::/8')).toEqual(['loopback', 'fd00::/8']);
  });

  it('refuses TRUST_PROXY=true, saying why, and addresses that are not addresses', () => {
    const attempt = (value: string) => () =>
      loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: value });
    expect(attempt('true')).toThrow(ConfigError);
    expect(attempt('true')).toThrow(
      /^ {2}TRUST_PROXY: `true` trusts every hop, so the left-most X-Forwarded-For, which the client writes, would count as its address/m,
    );
    expect(attempt('TRUE')).toThrow(/TRUST_PROXY: `true` trusts every hop/);
    expect(attempt('proxy.example')).toThrow(/TRUST_PROXY: .*proxy\.example/);
    expect(attempt('10.0.0.0/40')).toThrow(/TRUST_PROXY: .*10\.0\.0\.0\/40/);
    expect(attempt('-1')).toThrow(/TRUST_PROXY/);
  });

  it('reads a PostgreSQL URL, a trailing slash on PUBLIC_URL and a list of origins', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://u:p@db:5432/nashra',
      PUBLIC_URL: 'https://news.example/',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://u:p@db:5432/nashra' });
    expect(config.PUBLIC_URL).toBe('https://news.example');
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('refuses a short APP_SECRET and a PUBLIC_URL that is not http(s)', () => {
    expect(() => loadConfig({ APP_SECRET: 'short' })).toThrow(/APP_SECRET: must be at least 32/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });
});

const pem = (key: KeyObject, options: { cipher?: string; passphrase?: string } = {}) =>
  key.export({ type: 'pkcs8', format: 'pem', ...options }).toString();

describe('DKIM configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-dkim-config-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPem = pem(rsa.privateKey);
  const ed25519Pem = pem(generateKeyPairSync('ed25519').privateKey);
  const rsaFile = join(dir, 'dkim.pem');
  writeFileSync(rsaFile, rsaPem);
  const base = { DATA_DIR: dir, DKIM_DOMAIN: 'News.Example', DKIM_SELECTOR: 'nashra' };

  it('is off unless configured', () => {
    expect(loadConfig({ DATA_DIR: dir }).dkim).toBeNull();
  });

  it('reads the RSA key from a file, or from PEM text with literal \\n escapes', () => {
    const fromFile = loadConfig({ ...base, DKIM_PRIVATE_KEY: rsaFile }).dkim!;
    expect(fromFile.domain).toBe('news.example');
    expect(fromFile.keys).toHaveLength(1);
    expect(fromFile.keys[0]).toMatchObject({ selector: 'nashra', algorithm: 'rsa-sha256' });
    expect(fromFile.keys[0].privateKey.equals(rsa.privateKey)).toBe(true);

    const oneLine = rsaPem.trim().replace(/\n/g, '\\n');
    expect(oneLine).not.toContain('\n');
    const inline = loadConfig({ ...base, DKIM_PRIVATE_KEY: oneLine }).dkim!;
    expect(inline.keys[0].privateKey.equals(rsa.privateKey)).toBe(true);
    // docker --env-file keeps the quotes a shell would have removed.
    const quoted = loadConfig({ ...base, DKIM_PRIVATE_KEY: `"${oneLine}"` }).dkim!;
    expect(quoted.keys[0].privateKey.equals(rsa.privateKey)).toBe(true);
    // The raw key never sits in the config object.
    expect(JSON.stringify(loadConfig({ ...base, DKIM_PRIVATE_KEY: oneLine }))).not.toContain(
      rsaPem.split('\n')[1],
    );
  });

  it('adds an ed25519 key under its own selector', () => {
    const keys = (name?: string) =>
      loadConfig({
        ...base,
        DKIM_PRIVATE_KEY: rsaFile,
        DKIM_ED25519_KEY: ed25519Pem,
        DKIM_ED25519_SELECTOR: name,
      }).dkim!.keys.map((key) => [key.selector, key.algorithm]);
    expect(keys()).toEqual([
      ['nashra', 'rsa-sha256'],
      ['nashra-ed25519', 'ed25519-sha256'],
    ]);
    expect(keys('ed1')).toEqual([
      ['nashra', 'rsa-sha256'],
      ['ed1', 'ed25519-sha256'],
    ]);
  });

  it('stops at start on a bad key, naming the variable', () => {
    const attempt = (env: Record<string, string>) => () => loadConfig({ ...base, ...env });
    expect(attempt({ DKIM_PRIVATE_KEY: join(dir, 'missing.pem') })).toThrow(ConfigError);
    expect(attempt({ DKIM_PRIVATE_KEY: join(dir, 'missing.pem') })).toThrow(
      /^ {2}DKIM_PRIVATE_KEY: neither PEM text nor a readable file: .*missing\.pem \(ENOENT\)$/m,
    );
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(attempt({ DKIM_PRIVATE_KEY: notPem })).toThrow(
      /DKIM_PRIVATE_KEY: .*not\.pem holds no PEM private key/,
    );
    expect(
      attempt({
        DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nnope\\n-----END PRIVATE KEY-----',
      }),
    ).toThrow(/DKIM_PRIVATE_KEY: not a PEM private key/);
    expect(attempt({ DKIM_PRIVATE_KEY: ed25519Pem })).toThrow(
      /DKIM_PRIVATE_KEY: must be an rsa private key, not ed25519/,
    );
    const short = pem(generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey);
    expect(attempt({ DKIM_PRIVATE_KEY: short })).toThrow(
      /DKIM_PRIVATE_KEY: an RSA key of 512 bits; verifiers want at least 1024/,
    );
    expect(attempt({ DKIM_PRIVATE_KEY: rsaFile, DKIM_ED25519_KEY: rsaFile })).toThrow(
      /DKIM_ED25519_KEY: must be an ed25519 private key, not rsa/,
    );
    const encrypted = pem(rsa.privateKey, { cipher: 'aes-256-cbc', passphrase: 'secret' });
    expect(attempt({ DKIM_PRIVATE_KEY: encrypted })).toThrow(
      /DKIM_PRIVATE_KEY: the key is encrypted/,
    );
    // A value that is not a path is not repeated: it may be key material.
    expect(attempt({ DKIM_PRIVATE_KEY: 'MC4CAQAwBQYDK2VwBCIEI' })).toThrow(
      /DKIM_PRIVATE_KEY: neither PEM text nor a readable file: the value \(ENOENT\)/,
    );
  });

  it('wants domain, selector and key together, and two selectors for two keys', () => {
    expect(() => loadConfig({ DATA_DIR: dir, DKIM_DOMAIN: 'news.example' })).toThrow(
      /^ {2}DKIM_SELECTOR: required with DKIM_DOMAIN\n {2}DKIM_PRIVATE_KEY: required with DKIM_DOMAIN$/m,
    );
    expect(() => loadConfig({ DATA_DIR: dir, DKIM_ED25519_KEY: ed25519Pem })).toThrow(
      /DKIM_ED25519_KEY: adds to the RSA signature; set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY too/,
    );
    expect(() =>
      loadConfig({ ...base, DKIM_PRIVATE_KEY: rsaFile, DKIM_ED25519_SELECTOR: 'ed1' }),
    ).toThrow(/DKIM_ED25519_SELECTOR: set without DKIM_ED25519_KEY/);
    expect(() =>
      loadConfig({
        ...base,
        DKIM_PRIVATE_KEY: rsaFile,
        DKIM_ED25519_KEY: ed25519Pem,
        DKIM_ED25519_SELECTOR: 'nashra',
      }),
    ).toThrow(/DKIM_ED25519_SELECTOR: must differ from DKIM_SELECTOR/);
    expect(() =>
      loadConfig({ ...base, DKIM_SELECTOR: 'bad selector', DKIM_PRIVATE_KEY: rsaFile }),
    ).toThrow(/DKIM_SELECTOR: must be letters, digits and hyphens/);
    expect(() =>
      loadConfig({ ...base, DKIM_DOMAIN: 'not a domain', DKIM_PRIVATE_KEY: rsaFile }),
    ).toThrow(/DKIM_DOMAIN: must be a domain name/);
  });

  it('takes an Arabic domain name as its A-label', () => {
    const config = loadConfig({ ...base, DKIM_DOMAIN: 'نشرة.example', DKIM_PRIVATE_KEY: rsaFile });
    expect(config.dkim!.domain).toBe('xn--ogbpi5e.example');
  });
});
