import type { Cluster } from 'ioredis';

interface ClusterInternals {
  manuallyClosing: boolean;
  setStatus(status: string): void;
  handleCloseEvent(): void;
}

/**
 * ioredis's Cluster does not always end when it is disconnected for good, and a BullMQ worker
 * closing its blocking connection then waits forever for that end, so the worker process never
 * exits (seen after a failover, one run in two):
 * - with no node in its pool (it was reconnecting), no node's end reports the cluster closed;
 * - a connect() it was making is left waiting for a "close" that never comes;
 * - after some reconnects nothing handles its "close" any more;
 * - a node that ends after the pool emptied reports "close" again, over an "end";
 * - a connect() racing those late reports can stay unsettled though the cluster gets ready, and
 *   an idle worker reconnecting after a failover then waits for good.
 * Here a cluster disconnected for good reports "close" and ends, an ended one stays ended until
 * it connects again, connect() settles once the cluster is ready, and the duplicates BullMQ makes
 * for its workers get the same guard.
 */
export function guardClusterEnd(cluster: Cluster): Cluster {
  const internals = cluster as unknown as ClusterInternals;
  const setStatus = internals.setStatus.bind(cluster);
  internals.setStatus = (status) => {
    if (cluster.status === 'end' && status === 'close') return;
    setStatus(status);
  };
  let endOnClose: (() => void) | undefined;
  const forgetEndOnClose = () => {
    if (endOnClose) cluster.off('close', endOnClose);
    endOnClose = undefined;
  };
  const connect = cluster.connect.bind(cluster);
  cluster.connect = () => {
    forgetEndOnClose();
    return Promise.race([connect(), readyOrEnded(cluster)]);
  };
  const disconnect = cluster.disconnect.bind(cluster);
  cluster.disconnect = (reconnect = false) => {
    const nodeless = cluster.nodes().length === 0 && !['wait', 'end'].includes(cluster.status);
    disconnect(reconnect);
    if (reconnect) return;
    forgetEndOnClose();
    endOnClose = () => {
      endOnClose = undefined;
      if (cluster.status !== 'end' && internals.manuallyClosing) internals.handleCloseEvent();
    };
    cluster.once('close', endOnClose);
    if (nodeless) internals.setStatus('close');
  };
  const duplicate = cluster.duplicate.bind(cluster);
  cluster.duplicate = (...args) => guardClusterEnd(duplicate(...args));
  return cluster;
}

const READY_POLL_MS = 100;

/** Resolves when the cluster is ready; stops looking, unsettled, once it has ended. */
function readyOrEnded(cluster: Cluster): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (cluster.status === 'ready') resolve();
      if (cluster.status === 'ready' || cluster.status === 'end') clearInterval(timer);
    }, READY_POLL_MS);
    timer.unref();
  });
}
