// What `npm run progress` and the class view can see of a running system, gathered from outside:
// the app's own HTTP API, telemetry through KQL, and the alert and notification rules. Nothing here
// reads a learner's source code: a part is done when the running system behaves as if it were.
import axios from 'axios';

/** Something that could not be read, and why, in words a learner can act on. */
export interface Unavailable {
  unavailable: string;
}
export type Maybe<T> = T | Unavailable;
export const isUnavailable = (value: unknown): value is Unavailable =>
  typeof value === 'object' && value !== null && 'unavailable' in value;

/** An order as `GET /api/orders` shows it. */
export interface OrderView {
  id: number;
  date_placed: string;
  status: string;
  attempts: number;
  failure_reason: string | null;
  last_error: string | null;
}

/** What telemetry says about the app, each a count or a list taken by one KQL query. */
export interface TelemetryFacts {
  /** Requests the app itself sent (cloud role order-processing-app). */
  appRequests: number;
  /** Lines with the order id and the payload sent (before the call), and with the status code (after it). */
  paymentAttemptLines: number;
  paymentAnswerLines: number;
  /** PaymentFailed exceptions with and without the order id. */
  failuresWithOrderId: number;
  failuresWithoutOrderId: number;
}

/** Alert rules (log search and metric) and notification rules, as text to search. */
export interface RuleFacts {
  /** Each alert rule's name and its condition as JSON. */
  alertRules: Array<{ name: string; condition: string }>;
  /** Notification rules (local-insights only: part 6½). */
  notificationRules: Maybe<number>;
}

export interface Facts {
  app: string;
  orders: Maybe<OrderView[]>;
  telemetry: Maybe<TelemetryFacts>;
  rules: Maybe<RuleFacts>;
}

const APP_ROLE = 'order-processing-app';

/** The KQL behind TelemetryFacts: what a learner could type on the Logs page themselves. */
export const TELEMETRY_QUERIES = {
  appRequests: `requests | where cloud_RoleName == "${APP_ROLE}" | count`,
  // By their fields, not their names: part 2 lets learners choose their own messages.
  paymentAttemptLines: `traces | where cloud_RoleName == "${APP_ROLE}" and isnotempty(customDimensions.orderId) and isnotempty(customDimensions.payload) and isempty(customDimensions.statusCode) | count`,
  paymentAnswerLines: `traces | where cloud_RoleName == "${APP_ROLE}" and isnotempty(customDimensions.orderId) and isnotempty(customDimensions.statusCode) | count`,
  failuresWithOrderId: `exceptions | where cloud_RoleName == "${APP_ROLE}" and type == "PaymentFailed" and isnotempty(customDimensions.orderId) and isnotempty(customDimensions.attempt) | count`,
  failuresWithoutOrderId: `exceptions | where cloud_RoleName == "${APP_ROLE}" and type == "PaymentFailed" and isempty(customDimensions.orderId) | count`,
} as const;

/** A KQL answer as the query API gives it. */
export interface QueryAnswer {
  tables: Array<{ columns: Array<{ name: string }>; rows: unknown[][] }>;
}

/** Asks one KQL query; throws with a message a learner can act on. */
export type AskKql = (query: string) => Promise<QueryAnswer>;

const firstCell = (answer: QueryAnswer): unknown => answer.tables[0]?.rows[0]?.[0];

export async function telemetryFacts(ask: AskKql): Promise<TelemetryFacts> {
  const count = async (query: string) => Number(firstCell(await ask(query)) ?? 0);
  return {
    appRequests: await count(TELEMETRY_QUERIES.appRequests),
    paymentAttemptLines: await count(TELEMETRY_QUERIES.paymentAttemptLines),
    paymentAnswerLines: await count(TELEMETRY_QUERIES.paymentAnswerLines),
    failuresWithOrderId: await count(TELEMETRY_QUERIES.failuresWithOrderId),
    failuresWithoutOrderId: await count(TELEMETRY_QUERIES.failuresWithoutOrderId),
  };
}

/** Why a call failed, in one line: the status and the server's error, or the network error. */
export function describeFailure(error: unknown): string {
  if (axios.isAxiosError(error)) {
    if (error.response) {
      const body = error.response.data as { error?: unknown } | undefined;
      const detail = typeof body?.error === 'string' ? body.error
        : typeof body?.error === 'object' && body.error !== null && 'message' in body.error ? String(body.error.message) : '';
      return `answered ${error.response.status}${detail ? `: ${detail}` : ''}`;
    }
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return 'did not answer in time';
    if (error.code === 'ECONNREFUSED') return 'refused the connection (is it running?)';
    return error.code ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The app's orders that matter to the checks: every Queued, Processing and Failed one, and the
 * oldest 1000 Complete (the API gives 1000 at a time, oldest first; a broken order dated in the
 * year 3000 would never be among the first 1000 of all orders on a long day).
 */
export async function appOrders(appUrl: string, timeoutMs: number): Promise<Maybe<OrderView[]>> {
  try {
    const byStatus = await Promise.all(['Queued', 'Processing', 'Failed', 'Complete'].map(async (status) =>
      (await axios.get<OrderView[]>(new URL('/api/orders', appUrl).href, { params: { status, limit: 1000 }, timeout: timeoutMs })).data));
    return byStatus.flat().sort((a, b) => a.id - b.id);
  } catch (error) {
    return { unavailable: `the app at ${appUrl} ${describeFailure(error)}` };
  }
}

/** Facts from a local-insights (the local track, or another one given with --insights). */
export function localInsights(insightsUrl: string, timeoutMs: number): { ask: AskKql; rules(): Promise<RuleFacts> } {
  const get = async <T>(route: string) => (await axios.get<T>(new URL(route, insightsUrl).href, { timeout: timeoutMs })).data;
  return {
    async ask(query) {
      const response = await axios.post<QueryAnswer>(new URL('/v1/apps/progress/query', insightsUrl).href, { query }, { timeout: timeoutMs });
      return response.data;
    },
    async rules() {
      const alertRules = await get<{ value: Array<{ name: string; properties: { criteria?: unknown } }> }>('/api/alert-rules');
      const notificationRules = await get<unknown[]>('/api/notification-rules');
      return {
        alertRules: alertRules.value.map((rule) => ({ name: rule.name, condition: JSON.stringify(rule.properties.criteria ?? {}) })),
        notificationRules: Array.isArray(notificationRules) ? notificationRules.length : 0,
      };
    },
  };
}

/** Reads telemetry and rules, turning any failure into the reason the checks that need them are skipped. */
export async function gatherFacts(app: string, orders: Promise<Maybe<OrderView[]>>, source: Maybe<{ ask: AskKql; rules(): Promise<RuleFacts> }>, where: string): Promise<Facts> {
  if (isUnavailable(source)) return { app, orders: await orders, telemetry: source, rules: source };
  const [ordersRead, telemetry, rules] = await Promise.all([
    orders,
    telemetryFacts(source.ask).catch((error: unknown): Unavailable => ({ unavailable: `telemetry could not be read from ${where}: ${describeFailure(error)}` })),
    source.rules().catch((error: unknown): Unavailable => ({ unavailable: `alert rules could not be read from ${where}: ${describeFailure(error)}` })),
  ]);
  return { app, orders: ordersRead, telemetry, rules };
}
