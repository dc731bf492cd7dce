// Settings of the local ingestion endpoint: the only place that reads process.env for it.
import { z } from 'zod';
import { numberSetting, readSettings, textSetting } from '../platform/settings';

const InsightsSettings = z.object({
  /**
   * Interface to listen on. local-insights holds a learner's telemetry and has no authentication,
   * so it answers on loopback only unless told otherwise (0.0.0.0 opens it to the network).
   */
  HOST: textSetting({ max: 255 }).default('127.0.0.1'),
  /** HTTP port of the ingestion endpoint, the query API and the Logs page. */
  PORT: numberSetting({ min: 0, max: 65535, integer: true, default: 3002 }),
  /** Where the telemetry tables are kept. */
  TELEMETRY_DATABASE_FILE: textSetting({ max: 4096 }).default('data/telemetry.db'),
  /**
   * Where the repository's source is browsed, e.g. https://github.com/you/repo: a problem's stack
   * frames then link to their line at the commit that ran (from the version's `+<commit>`). Unset: no links.
   */
  SOURCE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Alert rules are evaluated this many times more often than their evaluationFrequency says (windows stay as written). */
  ALERT_TIME_SCALE: numberSetting({ min: 1, max: 3600, default: 1 }),
  /** An SMTP server for alert mail, e.g. smtp://localhost:1025; unset, mail stays in the outbox. May hold a password. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://localhost:1025' }).optional(),
  /** The sender of alert mail. */
  ALERT_MAIL_FROM: z.email({ error: 'must be an email address' }).default('local-insights@localhost'),
});

export interface InsightsConfig {
  /** Loopback (127.0.0.1) when not given. */
  host?: string;
  port: number;
  databaseFile: string;
  /** SOURCE_URL; unset: stack frames are not linked. */
  sourceUrl?: string | undefined;
  alertTimeScale?: number;
  smtpUrl?: string | null;
  alertMailFrom?: string;
}

export function loadInsightsConfig(env: NodeJS.ProcessEnv): InsightsConfig {
  const s = readSettings(InsightsSettings, env, ['SMTP_URL']);
  return {
    host: s.HOST, port: s.PORT, databaseFile: s.TELEMETRY_DATABASE_FILE, sourceUrl: s.SOURCE_URL,
    alertTimeScale: s.ALERT_TIME_SCALE, smtpUrl: s.SMTP_URL ?? null, alertMailFrom: s.ALERT_MAIL_FROM,
  };
}

/** The connection string that sends a process's telemetry here. The key is a placeholder: nothing checks it. */
export const localConnectionString = (url: string): string =>
  `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=${url}/`;
