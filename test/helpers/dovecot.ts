import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './test-app.js';
import { waitFor } from './wait-for.js';

const DOVECOT = '/usr/sbin/dovecot';
const USER = 'bounces';

export interface FolderMessage {
  uid: number;
  flags: string[];
  subject: string;
  messageId: string;
}

/**
 * A real Dovecot IMAP server of the test's own: its config, passwd-file and Maildir in a temp
 * dir, listening on a free loopback port, plaintext logins allowed (loopback only), one user.
 * `capabilities` replaces what it announces after login (to hide MOVE, say).
 *
 * Dovecot refuses to run its login processes as root and to deliver mail as uid 0, so as root
 * (CI, this machine) those run as `nobody`, and the Maildir belongs to nobody; as anyone else
 * everything runs as that user.
 */
export class Dovecot {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'nashra-dovecot-'));
  readonly user = USER;
  password = 'bounce-box-password';
  port = 0;

  private constructor(private capabilities?: string) {}

  static async start(options: { capabilities?: string } = {}): Promise<Dovecot> {
    const dovecot = new Dovecot(options.capabilities);
    try {
      dovecot.port = await freePort();
      dovecot.configure();
      await dovecot.run();
    } catch (error) {
      await dovecot.close();
      throw error;
    }
    return dovecot;
  }

  /** BOUNCE_IMAP_URL for this server (plaintext IMAP on loopback). */
  url(password = this.password, folder = 'INBOX'): string {
    return `imap://${USER}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${folder}`;
  }

  /**
   * Changes the user's password on the server: logins with the old one fail once this resolves.
   * Dovecot looks at its passwd-file at most once a second, so this waits until it has.
   */
  async setPassword(password: string): Promise<void> {
    this.password = password;
    this.writePasswd();
    await waitFor('dovecot to take the new password', () => this.logsIn(), 10_000);
  }

  /** Puts a message in a folder through IMAP APPEND; returns its UID. */
  async append(raw: string | Buffer, folder = 'INBOX', flags: string[] = []): Promise<number> {
    return this.withClient(async (client) => {
      const appended = await client.append(folder, raw, flags);
      if (!appended || appended.uid === undefined) throw new Error(`APPEND to ${folder} failed`);
      return appended.uid;
    });
  }

  /** Every message of a folder with its flags, by UID; [] for a folder that does not exist. */
  async list(folder = 'INBOX'): Promise<FolderMessage[]> {
    return this.withClient(async (client) => {
      const exists = (await client.list()).some((mailbox) => mailbox.path === folder);
      if (!exists) return [];
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
        return messages
          .map((message) => ({
            uid: message.uid,
            flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
            subject: message.envelope?.subject ?? '',
            messageId: message.envelope?.messageId ?? '',
          }))
          .sort((a, b) => a.uid - b.uid);
      } finally {
        lock.release();
      }
    });
  }

  /** Stops the server, keeping its mail: `restart()` brings it back on the same port. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops and starts again on the same port with the same mail, announcing `capabilities` if given. */
  async restart(options: { capabilities?: string } = {}): Promise<void> {
    await this.stop();
    this.capabilities = options.capabilities;
    this.configure();
    await this.run();
  }

  /** What the server announces to a logged-in client. */
  async announced(): Promise<string[]> {
    return this.withClient(async (client) => [...client.capabilities.keys()]);
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async logsIn(): Promise<boolean> {
    try {
      await this.withClient(async () => undefined);
      return true;
    } catch {
      return false;
    }
  }

  private async withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user: USER, pass: this.password },
      logger: false,
      disableAutoIdle: true,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async run(): Promise<void> {
    const child = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], {
      stdio: 'ignore',
    });
    this.process = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await waitFor(
        'dovecot to greet',
        async () => {
          if (exited) throw new Error('dovecot exited');
          return this.greets();
        },
        10_000,
      );
    } catch (error) {
      await this.stop();
      throw new Error(`${String(error)}; its log:\n${this.log()}`, { cause: error });
    }
  }

  private greets(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.setTimeout(1_000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      for (const event of ['error', 'timeout', 'end']) {
        socket.once(event, () => {
          socket.destroy();
          resolve(false);
        });
      }
    });
  }

  private log(): string {
    try {
      return readFileSync(join(this.dir, 'dovecot.log'), 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(none)';
    }
  }

  private writePasswd(): void {
    writeFileSync(join(this.dir, 'passwd'), `${USER}:{PLAIN}${this.password}::::::\n`);
  }

  private configure(): void {
    const asRoot = process.getuid?.() === 0;
    const me = userInfo();
    const mailUser = asRoot ? passwdEntry('nobody') : { uid: me.uid, gid: me.gid };
    const systemUser = asRoot ? 'root' : me.username;
    const loginUser = asRoot ? 'nobody' : me.username;
    const mail = join(this.dir, 'mail');
    for (const folder of [mail, join(this.dir, 'run'), join(this.dir, 'state')]) {
      mkdirSync(folder, { recursive: true });
    }
    if (asRoot) {
      // The mail processes run as nobody: they must reach the Maildir through the temp dir.
      chmodSync(this.dir, 0o711);
      chownSync(mail, mailUser.uid, mailUser.gid);
    }
    this.writePasswd();
    const config = `
instance_name = ${this.dir.split('/').pop()}
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = ${this.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${systemUser}
default_internal_group = ${asRoot ? 'root' : groupName(me.gid)}
default_login_user = ${loginUser}
first_valid_uid = 1
mail_location = maildir:${mail}/%u
${this.capabilities ? `imap_capability = ${this.capabilities}` : ''}
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${this.dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${mail}/%u
}
service imap-login {
  ${asRoot ? '' : 'chroot ='}
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
# No growing delay after a failed login (the auth penalty): the tests fail logins on purpose.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-urlauth-login {
  ${asRoot ? '' : 'chroot ='}
}
`;
    writeFileSync(join(this.dir, 'dovecot.conf'), config);
  }
}

function passwdEntry(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} in /etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  if (!line) throw new Error(`no group ${gid} in /etc/group`);
  return line.split(':')[0];
}
