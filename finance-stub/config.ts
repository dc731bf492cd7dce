// The finance package's settings: the only place that reads process.env for this process.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { secretValues } from '../platform/settings';
import { connectionStringSetting, numberInRange, numberSetting, readSettings, textSetting, urlSetting } from '../platform/settings';
import { applicationVersion } from '../platform/application-version';

const FinanceSettings = z.object({
  /** HTTP port; 0 picks any free port. */
  PORT: numberSetting({ min: 0, max: 65535, integer: true, default: 3001 }),
  /** The address to listen on; every interface when unset (as in the container), 127.0.0.1 under `npm start`. */
  HOST: textSetting({ max: 255 }).optional(),
  /** Base URL of the app, where generated orders are posted. */
  APP_URL: urlSetting('http://localhost:3000'),
  /** The key callers must send as x-api-key. */
  FINANCE_API_KEY: textSetting({ max: 200 }).default('local-dev-key'),
  /** Scenario timelines run this many times faster than real time. */
  TIME_SCALE: numberSetting({ min: 0.001, max: 100_000, default: 1 }),
  /** Makes the random failures of Queue Reliability reproducible; random when unset. */
  RANDOM_SEED: numberInRange({ min: 0, max: 2 ** 32 - 1, integer: true }).optional(),
  /** Post generated orders (baseline, load peaks, seeding) to the app. Off for testing the package alone. */
  GENERATE_ORDERS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: connectionStringSetting().optional(),
  TELEMETRY_STORAGE_DIRECTORY: textSetting({ max: 4096 }).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug'], { error: 'must be one of error, warn, info, debug' }).default('info'),
  BUILD_COMMIT: textSetting({ max: 64 }).optional(),
});

/** Every environment variable the finance package reads. */
export const FINANCE_SETTING_NAMES = Object.keys(FinanceSettings.shape);

export interface FinanceConfig {
  port: number;
  host: string | undefined;
  appUrl: string;
  apiKey: string;
  timeScale: number;
  randomSeed: number;
  generateOrders: boolean;
  appInsightsConnectionString: string | undefined;
  telemetryStorageDirectory: string | undefined;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  version: string;
  secrets: string[];
}

export function loadFinanceConfig(env: NodeJS.ProcessEnv): FinanceConfig {
  const s = readSettings(FinanceSettings, env, ['FINANCE_API_KEY', 'APPLICATIONINSIGHTS_CONNECTION_STRING']);
  return {
    port: s.PORT,
    host: s.HOST,
    appUrl: s.APP_URL,
    apiKey: s.FINANCE_API_KEY,
    timeScale: s.TIME_SCALE,
    // An unset seed is drawn here and logged at start, so even a "random" run can be repeated.
    randomSeed: s.RANDOM_SEED ?? randomInt(2 ** 32 - 1),
    generateOrders: s.GENERATE_ORDERS === 'true',
    appInsightsConnectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING,
    telemetryStorageDirectory: s.TELEMETRY_STORAGE_DIRECTORY,
    logLevel: s.LOG_LEVEL,
    version: applicationVersion(s.BUILD_COMMIT),
    secrets: secretValues([s.FINANCE_API_KEY, s.APPLICATIONINSIGHTS_CONNECTION_STRING]),
  };
}
