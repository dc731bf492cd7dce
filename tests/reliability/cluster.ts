// Several app instances on one database and the real finance package, each a real child process
// that a test can kill -9 and start again on the same port.
import path from 'node:path';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { startPaymentWitness, type PaymentWitness } from '../helpers/payment-witness';
import { waitFor } from '../helpers/wait-for';

export interface Cluster {
  finance: Child;
  /** Sits between the apps and the finance package, watching every payment. */
  witness: PaymentWitness;
  apps: Child[];
  http: ReturnType<typeof httpClient>;
  financeHttp: ReturnType<typeof httpClient>;
  /** Kills instance i with SIGKILL and starts it again on its port. */
  restartApp(i: number, signal?: NodeJS.Signals): Promise<void>;
  stopFinance(): Promise<void>;
  startFinance(): Promise<void>;
  stop(): Promise<number[]>;
  summary(): Promise<{ queued: number; processing: number; failed: number; complete: number }>;
  stats(): Promise<{ paid: number; duplicates: number; rejected: number; transientFailures: number }>;
  /** Lines where an instance found its claim taken over (its lease ran out) before saving a result. */
  claimsLost(): number;
}

export async function startCluster(options: { instances: number; app?: Record<string, string>; finance?: Record<string, string> }): Promise<Cluster> {
  const financePort = await freePort();
  const appPorts = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
  const financeEnv = { GENERATE_ORDERS: 'false', RANDOM_SEED: '99', LOG_LEVEL: 'warn', APP_URL: `http://127.0.0.1:${appPorts[0]}`, ...options.finance };
  const witness = await startPaymentWitness(`http://127.0.0.1:${financePort}`);
  const appEnv = {
    ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: witness.url,
    PAYMENT_TIMEOUT_SECONDS: '0.3', ORDER_LEASE_SECONDS: '1', LOG_LEVEL: 'warn', ...options.app,
  };
  let finance = await spawnServer('finance-stub/main.ts', financePort, financeEnv);
  const earlierOutput: string[] = []; // what instances killed and restarted had logged
  const apps = await Promise.all(appPorts.map((port) => spawnServer('app/main.ts', port, appEnv)));
  const first = apps[0];
  if (!first) throw new Error('no app instance');
  const http = httpClient(first.url);
  const financeHttp = httpClient(`http://127.0.0.1:${financePort}`);
  const cluster: Cluster = {
    get finance() {
      return finance;
    },
    witness,
    apps,
    http,
    financeHttp,
    async restartApp(i, signal = 'SIGKILL') {
      const app = apps[i];
      const port = appPorts[i];
      if (!app || port === undefined) throw new Error(`no instance ${i}`);
      app.process.kill(signal);
      await app.exited;
      earlierOutput.push(app.output());
      apps[i] = await spawnServer('app/main.ts', port, appEnv);
    },
    async stopFinance() {
      await finance.terminate();
    },
    async startFinance() {
      finance = await spawnServer('finance-stub/main.ts', financePort, financeEnv);
    },
    async stop() {
      const results = await Promise.all(apps.map((a) => a.terminate()));
      await finance.terminate();
      await witness.stop();
      return results.map((r) => r.seconds);
    },
    async summary() {
      return (await httpClient(apps.find((a) => a.process.exitCode === null)?.url ?? first.url).get('/api/summary')).data;
    },
    async stats() {
      return (await financeHttp.get('/stats')).data;
    },
    claimsLost() {
      return [...earlierOutput, ...apps.map((a) => a.output())].join('\n').split('re-claimed by another worker').length - 1;
    },
  };
  return cluster;
}

/** Posts `count` orders, 20 at a time, and returns their ids. */
export async function placeOrders(http: ReturnType<typeof httpClient>, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, (_, i) => http.post('/new', { product: `p${start + i}`, customer: 'Ada' }));
    for (const response of await Promise.all(batch)) {
      if (response.status !== 201) throw new Error(`POST /new answered ${response.status}: ${JSON.stringify(response.data)}`);
      ids.push(response.data.id);
    }
  }
  return ids;
}

/** Waits until nothing is Queued or Processing. */
export async function waitForDrain(cluster: Cluster, deadlineMs: number): Promise<void> {
  await waitFor(async () => {
    const s = await cluster.summary();
    return s.queued === 0 && s.processing === 0;
  }, { deadlineMs, what: 'the queue to drain', everyMs: 250 });
}

export const root = path.resolve(__dirname, '../..');
