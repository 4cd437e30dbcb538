import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport } from 'nodemailer';
import { freePort } from './test-app.js';
import { waitFor } from './wait-for.js';

const POSTFIX = '/usr/sbin/postfix';
const POSTQUEUE = '/usr/sbin/postqueue';
const PIPE_SCRIPT = join(import.meta.dirname, '../../contrib/postfix/nashra-bounces');
const run = promisify(execFile);

/** Where bounces come back (BOUNCE_ADDRESS) and where the readers live, both local to Postfix. */
export const BOUNCE_DOMAIN = 'news.test';
export const READERS_DOMAIN = 'readers.test';

/** One message in Postfix's queue, as `postqueue -j` lists it. */
export interface QueuedMessage {
  queue_name: 'incoming' | 'active' | 'deferred' | 'hold' | 'maildrop';
  queue_id: string;
  sender: string;
  recipients: { address: string; delay_reason?: string }[];
}

/**
 * A real Postfix (the machine's /usr/sbin/postfix) of the test's own: its own config, queue and
 * data directories under one temporary folder (`postfix -c`, which root may use without listing
 * the folder in /etc/postfix's alternate_config_directories), SMTP on a free loopback port, its
 * log in a file beside them. Nothing in /etc/postfix or /var/spool/postfix is read or written.
 *
 * It is the MTA of contrib/postfix/README.md: mail for newsletter+anything@news.test goes to the
 * nashra-bounces pipe, set up as that README says. Everyone at readers.test is accepted and then
 * bounced by Postfix itself (5.1.1, no mailbox), so the envelope sender gets Postfix's own DSN, as
 * when a remote MX refuses a reader. Nothing leaves the machine: anything else fails at once
 * (default_transport = error), and no name is looked up in DNS.
 */
export class TestPostfix {
  readonly dir = mkdtempSync(join(tmpdir(), 'nashra-postfix-'));
  port = 0;
  private readonly config = join(this.dir, 'etc');

  /** `nashraUrl`: Nashra's base URL for the pipe script; `webhookSecret`: its WEBHOOK_SECRET. */
  constructor(private readonly pipe: { nashraUrl: string; webhookSecret: string }) {}

  get logFile(): string {
    return join(this.dir, 'maillog');
  }

  async start(): Promise<this> {
    if (!existsSync(POSTFIX)) throw new Error(`${POSTFIX} is missing: apt-get install postfix`);
    this.port = await freePort();
    this.writeConfig();
    const status = await exitStatus(POSTFIX, ['-c', this.config, 'start']);
    if (status !== 0) {
      const log = this.log();
      await this.stop();
      throw new Error(`postfix start failed (exit ${status}; it must run as root):\n${log}`);
    }
    return this;
  }

  /** Hands one message to Postfix over SMTP, with this envelope (as another MTA would). */
  async submit(raw: Buffer | string, envelope: { from: string; to: string }): Promise<void> {
    const transport = createTransport({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({ envelope, raw });
    } finally {
      transport.close();
    }
  }

  /** What waits in the queue (`postqueue -j`): deferred messages carry their delay reason. */
  async queue(): Promise<QueuedMessage[]> {
    const { stdout } = await run(POSTQUEUE, ['-c', this.config, '-j']);
    return stdout
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as QueuedMessage);
  }

  /** Resolves once nothing is left in the queue: every message delivered or bounced. */
  async drained(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      'the Postfix queue to drain',
      async () => (await this.queue()).length === 0,
      timeoutMs,
    );
  }

  /** Tries every deferred message now (`postqueue -f`), without waiting for the next queue run. */
  async flush(): Promise<void> {
    await run(POSTQUEUE, ['-c', this.config, '-f']);
  }

  /** The instance's mail log (maillog_file), what syslog would have. */
  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    await exitStatus(POSTFIX, ['-c', this.config, 'stop']);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeConfig(): void {
    const dir = this.dir;
    mkdirSync(this.config);
    // Postfix makes the queue's subfolders itself, and data_directory (owned by postfix).
    mkdirSync(join(dir, 'spool'));
    // The pipe runs as nobody: it must reach its script and config file. A copy of the script
    // in here, so neither the checkout's permissions nor its git file mode matter.
    chmodSync(dir, 0o755);
    const script = join(dir, 'nashra-bounces');
    copyFileSync(PIPE_SCRIPT, script);
    chmodSync(script, 0o755);
    const env = join(dir, 'bounces.env');
    writeFileSync(
      env,
      `NASHRA_URL=${this.pipe.nashraUrl}\nWEBHOOK_SECRET=${this.pipe.webhookSecret}\n`,
      { mode: 0o644 },
    );
    writeFileSync(join(this.config, 'transport'), `newsletter@${BOUNCE_DOMAIN} nashra:\n`);
    writeFileSync(join(this.config, 'readers'), `@${READERS_DOMAIN} any\n`);
    writeFileSync(join(this.config, 'main.cf'), mainCf(dir, this.port));
    writeFileSync(join(this.config, 'master.cf'), masterCf(this.port, script, env));
  }
}

function mainCf(dir: string, port: number): string {
  const etc = join(dir, 'etc');
  return `compatibility_level = 3.6
queue_directory = ${join(dir, 'spool')}
data_directory = ${join(dir, 'lib')}
maillog_file_prefixes = ${dir}
maillog_file = ${join(dir, 'maillog')}
syslog_name = postfix-nashra-${port}
myhostname = mx.${BOUNCE_DOMAIN}
mydomain = ${BOUNCE_DOMAIN}
myorigin = ${BOUNCE_DOMAIN}
mydestination = ${BOUNCE_DOMAIN}, ${READERS_DOMAIN}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains =
relayhost =
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
default_transport = error:5.4.4 this test Postfix delivers nothing outside
relay_transport = error:5.4.4 this test Postfix relays nothing
disable_dns_lookups = yes
smtp_host_lookup = native
smtpd_peername_lookup = no
biff = no

# As contrib/postfix/README.md: bounces to newsletter+<tag>@${BOUNCE_DOMAIN} go to the pipe.
recipient_delimiter = +
transport_maps = texthash:${join(etc, 'transport')}
local_recipient_maps = $transport_maps, texthash:${join(etc, 'readers')}

# Readers: no mailboxes, no aliases, no .forward of the machine's users: everyone bounces.
alias_maps =
alias_database =
forward_path =
allow_mail_to_commands =
allow_mail_to_files =
mailbox_transport = error:5.1.1 unknown user
mail_spool_directory = ${join(dir, 'mail')}/

# Retries in seconds, not minutes.
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
`;
}

function masterCf(port: number, script: string, env: string): string {
  return `${port} inet n - n - - smtpd
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
nashra unix - n n - - pipe
  flags=Rq user=nobody argv=${script} ${env}
`;
}

/**
 * `postfix start` leaves the master daemon running with whatever stdio it was given: with no
 * pipes to it, the command's exit is all there is to wait for. It logs to maillog, not stderr.
 */
function exitStatus(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? -1));
  });
}
