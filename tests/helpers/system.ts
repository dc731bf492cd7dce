// Starts the real app and the real finance package in this process, on port 0, against a fresh
// SQLite file: real HTTP on loopback, real database, nothing mocked.
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { loadAppConfig } from '../../app/config';
import { startApp, type RunningApp } from '../../app/start-app';
import { loadFinanceConfig } from '../../finance-stub/config';
import { startFinance, type RunningFinance } from '../../finance-stub/start-finance';
import type { Summary } from '../../app/store/order-store';
import { captureLogs } from './log-capture';
import { freePort } from './free-port';
import { makeTempDir } from './temp-dir';

const dir = makeTempDir('system');
let databases = 0;

export const newDatabaseFile = (): string => path.join(dir, `orders-${process.pid}-${databases++}.db`);

/** An HTTP client that never throws on a status: tests assert on the status themselves. */
export function httpClient(baseURL: string): AxiosInstance {
  return axios.create({ baseURL, validateStatus: () => true, timeout: 10_000 });
}

/** Fast settings for tests: the job ticks every 50 ms and retries wait 50 ms, doubling to 200 ms. */
export const FAST_APP_SETTINGS = {
  SCHEDULED_JOB_INTERVAL_SECONDS: '0.05',
  PAYMENT_RETRY_BASE_SECONDS: '0.05',
  PAYMENT_RETRY_MAX_SECONDS: '0.2',
  PAYMENT_TIMEOUT_SECONDS: '1',
  ORDER_LEASE_SECONDS: '3',
};

export interface TestApp extends RunningApp {
  http: AxiosInstance;
  logs: ReturnType<typeof captureLogs>;
  summary(): Promise<Summary>;
  orders(status?: string): Promise<Array<{ id: number; status: string; failure_reason: string | null; attempts: number; product: string }>>;
}

export async function startTestApp(settings: Record<string, string>): Promise<TestApp> {
  const logs = captureLogs();
  const config = loadAppConfig({ PORT: '0', DATABASE_FILE: newDatabaseFile(), ...FAST_APP_SETTINGS, ...settings });
  const running = await startApp(config, { logStream: logs.stream });
  const http = httpClient(running.url);
  return {
    ...running,
    http,
    logs,
    async summary() {
      return (await http.get('/api/summary')).data;
    },
    async orders(status) {
      return (await http.get('/api/orders', { params: { limit: 1000, ...(status ? { status } : {}) } })).data;
    },
  };
}

export interface TestFinance extends RunningFinance {
  http: AxiosInstance;
  logs: ReturnType<typeof captureLogs>;
  stats(): Promise<{ paid: number; duplicates: number; rejected: number; transientFailures: number; ordersGenerated: number }>;
  scenario(name: string): Promise<void>;
}

export async function startTestFinance(settings: Record<string, string>): Promise<TestFinance> {
  const logs = captureLogs();
  const config = loadFinanceConfig({ PORT: '0', RANDOM_SEED: '1234', ...settings });
  const running = await startFinance(config, { logStream: logs.stream });
  const http = httpClient(running.url);
  return {
    ...running,
    http,
    logs,
    async stats() {
      return (await http.get('/stats')).data;
    },
    async scenario(name) {
      const response = await http.post('/scenario', { scenario: name });
      if (response.status !== 200) throw new Error(`finance package refused scenario ${name}: ${response.status}`);
    },
  };
}

/**
 * The app and the finance package wired to each other. Each must know the other's URL, so a free
 * port is reserved for the app first; the finance package starts, then the app on that port (the
 * finance package keeps trying to seed until the app answers).
 */
export async function startSystem(options: { app?: Record<string, string>; finance?: Record<string, string> } = {}) {
  const reservedPort = await freePort();
  const finance = await startTestFinance({ APP_URL: `http://127.0.0.1:${reservedPort}`, ...options.finance });
  const app = await startTestApp({ PORT: String(reservedPort), FINANCE_PACKAGE_URL: finance.url, ...options.app });
  return {
    app,
    finance,
    async stop() {
      await finance.stop();
      await app.stop();
    },
  };
}
