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

export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('(hidden)');
  return result;
}

/**
 * Prepares every event before any transport sees it (stdout, and Application Insights when on):
 * secrets scrubbed, structured values flattened to JSON text, and an `error` turned into
 * OpenTelemetry's exception attributes, which Application Insights files under `exceptions`.
 */
const prepareEvent = (secrets: readonly string[]) =>
  winston.format((event) => {
  event.message = scrub(String(event.message), secrets);
  const { error } = event;
  if (error !== undefined) {
    const asError = error instanceof Error ? error : new Error(String(error));
    event['exception.type'] = asError.name;
    event['exception.message'] = scrub(asError.message, secrets);
    event['exception.stacktrace'] = scrub(asError.stack ?? `${asError.name}: ${asError.message}`, secrets);
    delete event.error;
  }
  for (const [key, value] of Object.entries(event)) {
    if (key === 'level' || key === 'message' || key.startsWith('exception.')) continue;
    if (SECRET_FIELD.test(key)) event[key] = '(hidden)';
    else if (typeof value === 'string') event[key] = scrub(value, secrets);
    else if (value instanceof Date) event[key] = value.toISOString();
    else if (typeof value === 'object' && value !== null) event[key] = scrub(JSON.stringify(value), secrets);
  }
  return event;
  })();

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return /^[\w.:/@+()-]+$/.test(text) || (typeof value === 'string' && /^[[{]/.test(text)) ? text : JSON.stringify(text);
}

function renderLine(info: winston.Logform.TransformableInfo, roleName: string): string {
  const { level, message, ...fields } = info;
  const parts = [new Date().toISOString(), level.padEnd(5), `[${roleName}]`, String(message)];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key.startsWith('exception.')) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  const stack = fields['exception.stacktrace'];
  if (typeof stack === 'string') parts.push(`error=${formatValue(fields['exception.message'])}\n${stack}`);
  return parts.join(' ');
}

export function createLogger(options: LoggerOptions): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  const logger = winston.createLogger({
    level: options.level,
    format: winston.format.combine(
      // winston formats every event before its transports compare levels, so a disabled `info`
      // (LOG_LEVEL=warn, the workshop's starting state) would still be scrubbed, serialised and
      // rendered on every order. Events below the logger's level stop here, before any of that.
      winston.format((event) => (logger.isLevelEnabled(event.level) ? event : false))(),
      prepareEvent(options.secrets),
      winston.format.printf((info) => renderLine(info, options.roleName)),
    ),
    transports: [transport],
  });
  return logger;
}
