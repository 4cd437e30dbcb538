import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './test-app.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);
const HOST = '127.0.0.1';

interface ClusterNode {
  port: number;
  busPort: number;
  dir: string;
  process?: ChildProcess;
}

/**
 * A Redis Cluster of the test's own: six `redis-server` processes of the machine's binary on free
 * loopback ports (three masters, a replica each), joined by `redis-cli --cluster create`. A node
 * that stops answering for 2 s is failed, and its replica takes its slots a second or two later.
 */
export class RedisCluster {
  private readonly nodes: ClusterNode[] = [];

  /** `host:port,…` of the masters as created, for REDIS_CLUSTER_NODES. */
  get seeds(): string {
    return this.nodes
      .slice(0, 3)
      .map(({ port }) => `${HOST}:${port}`)
      .join(',');
  }

  /** The same nodes as a REDIS_URL. */
  get url(): string {
    return `redis+cluster://${this.seeds}`;
  }

  async start(): Promise<this> {
    // Cluster nodes talk on a second port: the default, port + 10000, may not be free.
    const ports = new Set<number>();
    while (ports.size < 12) ports.add(await freePort());
    const [...free] = ports;
    for (let index = 0; index < 6; index++) {
      const dir = mkdtempSync(join(tmpdir(), 'nashra-cluster-'));
      this.nodes.push({ port: free[2 * index]!, busPort: free[2 * index + 1]!, dir });
    }
    for (const node of this.nodes) node.process = this.spawnNode(node);
    await Promise.all(
      this.nodes.map(({ port }) => waitFor('redis-server to answer', () => ping(port))),
    );
    // The first three given become masters, the others their replicas.
    await run('redis-cli', [
      '--cluster',
      'create',
      ...this.nodes.map(({ port }) => `${HOST}:${port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    await this.waitUntilHealthy(this.nodes, 30_000);
    return this;
  }

  /** The port of the master serving `key`'s hash slot now. */
  async masterOf(key: string): Promise<number> {
    return this.withLiveNode(async (client) => {
      const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as [
        number,
        number,
        [string, number],
      ][];
      const range = ranges.find(([first, last]) => slot >= first && slot <= last);
      if (!range) throw new Error(`no node serves slot ${slot}`);
      return Number(range[2][1]);
    });
  }

  /**
   * SIGKILL of the master on `port`, then waits until its replica serves its slots and every
   * living node sees the cluster whole again. Returns the milliseconds from the kill to that.
   */
  async killMaster(port: number, sampleKey: string): Promise<number> {
    const node = this.nodes.find((candidate) => candidate.port === port);
    if (!node?.process) throw new Error(`no node on port ${port}`);
    const killedAt = Date.now();
    await stopProcess(node.process);
    node.process = undefined;
    await waitFor(
      `a replica to take over from ${port}`,
      async () => (await this.masterOf(sampleKey).catch(() => port)) !== port,
      30_000,
    );
    await this.waitUntilHealthy(
      this.nodes.filter((candidate) => candidate.process),
      30_000,
    );
    return Date.now() - killedAt;
  }

  /** The keys matching `pattern` on every living master. */
  async keys(pattern: string): Promise<string[]> {
    const found = await Promise.all(
      this.nodes
        .filter((node) => node.process)
        .map(({ port }) =>
          withClient(port, async (client) =>
            (await client.info('replication')).includes('role:master') ? client.keys(pattern) : [],
          ),
        ),
    );
    return found.flat();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.process && stopProcess(node.process)));
    for (const { dir } of this.nodes) rmSync(dir, { recursive: true, force: true });
  }

  private spawnNode({ port, busPort, dir }: ClusterNode): ChildProcess {
    return spawn(
      'redis-server',
      [
        '--bind',
        HOST,
        '--port',
        String(port),
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(busPort),
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        '--cluster-node-timeout',
        '2000',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
  }

  /** Every node sees `cluster_state:ok`, and every replica has finished its first sync. */
  private async waitUntilHealthy(nodes: ClusterNode[], timeoutMs: number): Promise<void> {
    await waitFor(
      'the cluster to be healthy',
      async () => {
        const states = await Promise.all(nodes.map(({ port }) => nodeHealthy(port)));
        return states.every(Boolean);
      },
      timeoutMs,
    );
  }

  private async withLiveNode<T>(use: (client: Redis) => Promise<T>): Promise<T> {
    const live = this.nodes.find((node) => node.process);
    if (!live) throw new Error('no node is running');
    return withClient(live.port, use);
  }
}

async function withClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function ping(port: number): Promise<boolean> {
  return withClient(port, async (client) => (await client.ping()) === 'PONG').catch(() => false);
}

async function nodeHealthy(port: number): Promise<boolean> {
  return withClient(port, async (client) => {
    const cluster = String(await client.call('CLUSTER', 'INFO'));
    if (!cluster.includes('cluster_state:ok')) return false;
    const replication = await client.info('replication');
    return replication.includes('role:master') || replication.includes('master_link_status:up');
  }).catch(() => false);
}

function stopProcess(process: ChildProcess): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => process.once('exit', () => resolve()));
  process.kill('SIGKILL');
  return exited;
}
