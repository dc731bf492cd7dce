// winston, writing one line per event to stdout: that is what App Service's log stream shows.
//
//   2026-11-25T10:15:02.114Z info  payment attempt orderId=12 attempt=1 statusCode=400 ...
//
// Facts ride along as key=value fields so a learner can search the stream for `orderId=12`.
// An `error` field prints its stack trace on the lines that follow, so the first frame names the
// file and line where the failure was noticed. Secrets are scrubbed from every line: the logger is
// given their values (never the config object) and replaces them wherever they appear.
import winston from 'winston';
import type { Writable } from 'node:stream';

export type Logger = winston.Logger;

export interface LoggerOptions {
  roleName: string;
  level: string;
  secrets: readonly string[];
  /** Where lines go; stdout unless a test wants to read them. */
  stream?: Writable;
}

const SECRET_FIELD = /password|api[-_]?key|secret|connection[-_]?string|instrumentation[-_]?key/i;

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('(hidden)');
  return result;
}

function renderLine(info: winston.Logform.TransformableInfo, roleName: string, secrets: readonly string[]): string {
  const { level, message, timestamp, error, ...fields } = info;
  const parts = [String(timestamp), level.padEnd(5), `[${roleName}]`, String(message)];
  let stack = '';
  for (const [key, value] of Object.entries(fields)) {
    if (typeof key === 'symbol' || value === undefined) continue;
    parts.push(`${key}=${SECRET_FIELD.test(key) ? '(hidden)' : formatValue(value)}`);
  }
  if (error instanceof Error) {
    parts.push(`error=${formatValue(error.message)}`);
    stack = `\n${error.stack ?? ''}`;
  } else if (error !== undefined) {
    parts.push(`error=${formatValue(error)}`);
  }
  return scrub(parts.join(' ') + stack, secrets);
}

export function createLogger(options: LoggerOptions): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(
      winston.format.timestamp(),
      winston.format.printf((info) => renderLine(info, options.roleName, options.secrets)),
    ),
    transports: [transport],
  });
}
