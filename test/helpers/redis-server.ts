import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './test-app.js';
import { waitFor } from './wait-for.js';

/**
 * A Redis server of the test's own (the machine's redis-server binary on a free loopback port),
 * so a test can kill and restart it without touching the Redis other tests share.
 * `persistent`: AOF with fsync on every write, as docker-compose runs production's Redis.
 */
export class PrivateRedis {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'nashra-redis-'));
  port = 0;

  constructor(private readonly persistent: boolean) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    const persistence = this.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    this.process = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--dir',
        this.dir,
        '--save',
        '',
        ...persistence,
      ],
      { stdio: 'ignore' },
    );
    await waitFor('redis-server to answer', async () => {
      const client = new Redis({ port: this.port, lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    });
    return this;
  }

  /** SIGKILL: no shutdown save, no goodbye to clients, as when the machine dies. */
  async kill(): Promise<void> {
    const process = this.process;
    if (!process || process.exitCode !== null) return;
    const exited = new Promise((resolve) => process.once('exit', resolve));
    process.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
