import { Cluster } from 'ioredis';
import { guardClusterEnd } from './cluster-end-guard.js';

/** Nothing listens on port 1: the cluster keeps reconnecting with an empty pool of nodes. */
function unreachableCluster(): Cluster {
  const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], {
    clusterRetryStrategy: () => 50,
  });
  cluster.on('error', () => {});
  return cluster;
}

const waitUntil = async (probe: () => boolean) => {
  for (let tries = 0; tries < 100 && !probe(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('guardClusterEnd', () => {
  it('ends a duplicate disconnected while it waits to reconnect, as BullMQ waits for it to', async () => {
    const duplicate = guardClusterEnd(unreachableCluster()).duplicate();
    duplicate.on('error', () => {});
    await waitUntil(() => duplicate.status === 'reconnecting');
    expect(duplicate.nodes()).toHaveLength(0);
    const ended = new Promise<void>((resolve) => duplicate.once('end', () => resolve()));
    duplicate.disconnect();
    await ended;
    expect(duplicate.status).toBe('end');
  });

  it('left alone, ioredis never ends such a cluster (what the guard is for)', async () => {
    const cluster = unreachableCluster();
    await waitUntil(() => cluster.status === 'reconnecting');
    let ended = false;
    cluster.once('end', () => (ended = true));
    cluster.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ended).toBe(false);
    expect(cluster.status).toBe('disconnecting');
  });
});
