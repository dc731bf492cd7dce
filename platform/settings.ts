// Reading environment variables through a zod schema, shared by both processes' config files.
// A bad value stops the process at start with one line that names the variable, the value and
// what is allowed, so a learner who mistypes an App Service setting sees exactly what to change.
import { z } from 'zod';

export class InvalidSetting extends Error {
  override name = 'InvalidSetting';
}

/** App Service and shells hand over unset values as empty strings: treat those as unset. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') result[key] = value.trim();
  }
  return result;
}

/**
 * Parses `env` with `schema`; on failure throws InvalidSetting with a message like
 * `SCHEDULED_JOB_INTERVAL_SECONDS="0.01" is not allowed: must be a number >= 0.05`.
 * Values of variables named in `secretNames` are shown as (hidden).
 */
export function readSettings<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  secretNames: readonly string[],
): z.output<S> {
  const values = withoutEmptyValues(env);
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'settings');
    const raw = values[name];
    const shown = raw === undefined ? '(unset)' : secretNames.includes(name) ? '(hidden)' : JSON.stringify(raw);
    return `${name}=${shown} is not allowed: ${issue.message}`;
  });
  throw new InvalidSetting(problems.join('; '));
}

/** A number setting whose error message says exactly what is allowed. */
export function numberSetting(options: { min: number; max?: number; integer?: boolean; default: number }) {
  return numberInRange(options).default(options.default);
}

export function numberInRange(options: { min: number; max?: number; integer?: boolean }) {
  const kind = options.integer ? 'a whole number' : 'a number';
  const range = options.max === undefined ? `>= ${options.min}` : `from ${options.min} to ${options.max}`;
  const message = `must be ${kind} ${range}`;
  const inRange = (n: number) =>
    Number.isFinite(n) &&
    n >= options.min &&
    (options.max === undefined || n <= options.max) &&
    (!options.integer || Number.isInteger(n));
  return z.coerce.number({ error: message }).refine(inRange, { error: message });
}

export function urlSetting(defaultUrl: string) {
  return z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .default(defaultUrl);
}

export function textSetting(options: { max: number }) {
  return z.string().max(options.max, { error: `must be at most ${options.max} characters` });
}

/**
 * An Application Insights connection string, as the portal gives it:
 * `InstrumentationKey=<guid>;IngestionEndpoint=https://…` (an http:// endpoint is allowed for loopback).
 * Checked here because the SDK otherwise throws at start with a stack trace.
 */
export function connectionStringSetting() {
  const message = 'must be an Application Insights connection string: InstrumentationKey=<guid>;IngestionEndpoint=https://… (copy it from the resource\'s Overview page)';
  return textSetting({ max: 2000 })
    .refine((text) => /(?:^|;)\s*InstrumentationKey=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*(?:;|$)/i.test(text), { error: message })
    .refine((text) => {
      const endpoint = /(?:^|;)\s*IngestionEndpoint=([^;]*)/i.exec(text)?.[1]?.trim();
      return endpoint === undefined || /^https?:\/\/[^\s/]+/.test(endpoint);
    }, { error: message });
}

/**
 * The values to scrub from logs: the secrets themselves and, for a connection string, its
 * instrumentation key on its own (it is what identifies the Application Insights resource).
 */
export function secretValues(values: Array<string | undefined>): string[] {
  const found: string[] = [];
  for (const value of values) {
    if (value === undefined || value.length < 4) continue;
    found.push(value);
    const ikey = /InstrumentationKey=([^;]+)/i.exec(value)?.[1];
    if (ikey) found.push(ikey);
  }
  return found;
}
