// The app's settings: the only place that reads process.env for the app. Parsed and validated once
// at start; the rest of the code receives the typed, camelCase AppConfig below.
import { z } from 'zod';
import { connectionStringSetting, numberSetting, readSettings, secretValues, textSetting, urlSetting } from '../platform/settings';
import { applicationVersion } from '../platform/application-version';

const SECRET_SETTINGS = ['DATABASE_PASSWORD', 'FINANCE_API_KEY', 'APPLICATIONINSIGHTS_CONNECTION_STRING'];

const AppSettingsShape = z.object({
  /** HTTP port; 0 picks any free port (tests use it). */
  PORT: numberSetting({ min: 0, max: 65535, integer: true, default: 3000 }),
  /** The address to listen on; every interface when unset (as in the container), 127.0.0.1 under `npm start`. */
  HOST: textSetting({ max: 255 }).optional(),
  /** Base URL of the finance package. */
  FINANCE_PACKAGE_URL: urlSetting('http://localhost:3001'),
  /** Key sent to the finance package as x-api-key. */
  FINANCE_API_KEY: textSetting({ max: 200 }).default('local-dev-key'),
  /** One order is processed per tick. */
  SCHEDULED_JOB_INTERVAL_SECONDS: numberSetting({ min: 0.05, max: 3600, default: 5 }),
  /** How long one payment call may take before it counts as a (transient) timeout. */
  PAYMENT_TIMEOUT_SECONDS: numberSetting({ min: 0.05, max: 300, default: 10 }),
  /** Attempts before an order that keeps failing transiently is marked Failed. */
  PAYMENT_MAX_ATTEMPTS: numberSetting({ min: 1, max: 100, integer: true, default: 8 }),
  /** Wait before the first retry; doubled on every further attempt. */
  PAYMENT_RETRY_BASE_SECONDS: numberSetting({ min: 0, max: 3600, default: 5 }),
  /** The longest wait between two attempts. */
  PAYMENT_RETRY_MAX_SECONDS: numberSetting({ min: 0, max: 86400, default: 300 }),
  /** An order left Processing longer than this (its instance died) is put back in the queue. */
  ORDER_LEASE_SECONDS: numberSetting({ min: 0.1, max: 86400, default: 60 }),
  /** SQL Server / Azure SQL: used when DB_SERVER_NAME is set. */
  DB_SERVER_NAME: textSetting({ max: 255 }).optional(),
  DATABASE_NAME: textSetting({ max: 128 }).optional(),
  DATABASE_USER: textSetting({ max: 128 }).optional(),
  DATABASE_PASSWORD: textSetting({ max: 256 }).optional(),
  /** The embedded SQLite database, used when DB_SERVER_NAME is unset. */
  DATABASE_FILE: textSetting({ max: 4096 }).default('data/orders.db'),
  /** Embedded database only: a hard size cap, as an Azure SQL database has one. */
  DATABASE_MAX_SIZE_MB: numberSetting({ min: 1, max: 1_000_000, integer: true, default: 100 }),
  /** Application Insights; telemetry is sent only when set. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: connectionStringSetting().optional(),
  /** A folder where telemetry that could not be sent waits for a retry (e.g. /home/telemetry on App Service). */
  TELEMETRY_STORAGE_DIRECTORY: textSetting({ max: 4096 }).optional(),
  /** winston level: error, warn, info, debug. */
  LOG_LEVEL: z
    .enum(['error', 'warn', 'info', 'debug'], { error: 'must be one of error, warn, info, debug' })
    // workshop(logging): solution
    .default('info'),
    // workshop(logging): starter
    // .default('warn'),
    // workshop(logging): end
  /** The commit this build came from (set by the Docker build); part of the reported version. */
  BUILD_COMMIT: textSetting({ max: 64 }).optional(),
});

const AppSettings = AppSettingsShape
  .superRefine((s, ctx) => {
    if (s.DB_SERVER_NAME === undefined) return;
    for (const name of ['DATABASE_NAME', 'DATABASE_USER', 'DATABASE_PASSWORD'] as const) {
      if (s[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'must be set when DB_SERVER_NAME is set' });
    }
  })
  .superRefine((s, ctx) => {
    if (s.ORDER_LEASE_SECONDS <= s.PAYMENT_TIMEOUT_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['ORDER_LEASE_SECONDS'],
        message: `must be longer than PAYMENT_TIMEOUT_SECONDS (${s.PAYMENT_TIMEOUT_SECONDS}), or a slow payment would be claimed twice`,
      });
    }
  });

/** Every environment variable the app reads. */
export const APP_SETTING_NAMES = Object.keys(AppSettingsShape.shape);

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string; maxSizeMb: number }
  | { kind: 'mssql'; server: string; database: string; user: string; password: string };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface AppConfig {
  port: number;
  host: string | undefined;
  version: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  database: DatabaseConfig;
  finance: { baseUrl: string; apiKey: string; timeoutMs: number };
  job: { intervalMs: number; leaseMs: number; retry: RetryPolicy };
  appInsightsConnectionString: string | undefined;
  telemetryStorageDirectory: string | undefined;
  /** Values that must never reach a log line or a telemetry item. */
  secrets: string[];
}

export function loadAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  const s = readSettings(AppSettings, env, SECRET_SETTINGS);
  const database: DatabaseConfig =
    s.DB_SERVER_NAME !== undefined
      ? {
          kind: 'mssql',
          server: s.DB_SERVER_NAME,
          database: s.DATABASE_NAME ?? '',
          user: s.DATABASE_USER ?? '',
          password: s.DATABASE_PASSWORD ?? '',
        }
      : { kind: 'sqlite', file: s.DATABASE_FILE, maxSizeMb: s.DATABASE_MAX_SIZE_MB };
  return {
    port: s.PORT,
    host: s.HOST,
    version: applicationVersion(s.BUILD_COMMIT),
    logLevel: s.LOG_LEVEL,
    database,
    finance: { baseUrl: s.FINANCE_PACKAGE_URL, apiKey: s.FINANCE_API_KEY, timeoutMs: s.PAYMENT_TIMEOUT_SECONDS * 1000 },
    job: {
      intervalMs: s.SCHEDULED_JOB_INTERVAL_SECONDS * 1000,
      leaseMs: s.ORDER_LEASE_SECONDS * 1000,
      retry: {
        maxAttempts: s.PAYMENT_MAX_ATTEMPTS,
        baseDelayMs: s.PAYMENT_RETRY_BASE_SECONDS * 1000,
        maxDelayMs: s.PAYMENT_RETRY_MAX_SECONDS * 1000,
      },
    },
    appInsightsConnectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING,
    telemetryStorageDirectory: s.TELEMETRY_STORAGE_DIRECTORY,
    secrets: secretValues([s.DATABASE_PASSWORD, s.FINANCE_API_KEY, s.APPLICATIONINSIGHTS_CONNECTION_STRING]),
  };
}

