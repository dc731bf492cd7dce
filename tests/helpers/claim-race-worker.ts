// One worker thread of the claim race (app/store/sqlite-store.test.ts): its own connection to the
// shared file, claiming as fast as it can once told to start, until nothing is left.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteOrderStore } from '../../app/store/sqlite-store';

const { file, now, leaseUntil } = workerData as { file: string; now: number; leaseUntil: number };
const store = SqliteOrderStore.open({ file, maxSizeMb: 50 });
parentPort?.postMessage({ kind: 'ready' });
parentPort?.once('message', async () => {
  const claimed: number[] = [];
  for (let order = await store.claimNextDue(new Date(now), new Date(leaseUntil)); order; order = await store.claimNextDue(new Date(now), new Date(leaseUntil))) {
    claimed.push(order.id);
  }
  await store.close();
  parentPort?.postMessage({ kind: 'done', claimed });
});
