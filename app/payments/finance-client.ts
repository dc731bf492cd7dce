// The only file that knows axios: one call to the finance package becomes a PaymentOutcome
// (paid | rejected | transient). HTTP statuses are classified by lifecycle.ts; network failures
// (timeouts, refused or reset connections) are transient here, since the supplier may be back soon.
import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import { z } from 'zod';
import { classifyStatus, type PaymentOutcome } from '../orders/lifecycle';
import type { ScenarioStatus } from '../routes/scenario-badge';

/** The body the finance package expects. `date` is London local time with London's offset. */
export interface PaymentRequest {
  orderId: number;
  product: string;
  customer: string;
  date: string;
}

export interface FinanceClient {
  /** Where payments are posted, for messages that say which call failed. */
  readonly paymentUrl: string;
  pay(request: PaymentRequest, idempotencyKey: string): Promise<PaymentOutcome>;
  /** Tells the finance package which scenario to run (it drives load and faults). */
  setScenario(scenario: string): Promise<void>;
  /** The scenario the finance package is running, or undefined when it does not answer in time. */
  scenarioStatus(): Promise<ScenarioStatus | undefined>;
}

const ScenarioStatusBody = z.object({
  scenario: z.string(),
  timeScale: z.number(),
  load: z.object({ phase: z.enum(['steady', 'peak', 'after-peak']), phaseEndsInSeconds: z.number().nullable() }),
});

/** The dashboard asks every few seconds: it must never wait long for an answer. */
const STATUS_TIMEOUT_MS = 1000;

export interface FinanceClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** Why a call got no HTTP answer at all, in words a learner can act on. */
export function describeNetworkError(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return `no answer from the finance package within ${timeoutMs / 1000} s (timeout)`;
    case 'ECONNREFUSED':
      return 'the finance package refused the connection (is it running? check FINANCE_PACKAGE_URL)';
    case 'ECONNRESET':
      return 'the finance package closed the connection before answering';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the finance package host name could not be resolved (check FINANCE_PACKAGE_URL)';
    default:
      return `the finance package could not be reached (${code ?? 'unknown network error'})`;
  }
}

function responseText(data: unknown): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data) ?? '';
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

export function createFinanceClient(options: FinanceClientOptions): FinanceClient {
  const client: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { 'x-api-key': options.apiKey },
    responseType: 'text',
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, describeNetworkError words ECONNABORTED and ETIMEDOUT alike
    transitional: { clarifyTimeoutError: true }, // timeouts report ETIMEDOUT, not a generic abort
    validateStatus: () => true, // every status is an outcome, not an exception
    maxRedirects: 0,
    httpAgent: new http.Agent({ keepAlive: true }),
  });

  return {
    paymentUrl: new URL('ProcessPayment', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).href,
    async pay(request, idempotencyKey) {
      try {
        const response = await client.post('/ProcessPayment', request, { headers: { 'Idempotency-Key': idempotencyKey } });
        return classifyStatus(response.status, responseText(response.data));
      } catch (error) {
        if (!axios.isAxiosError(error)) throw error; // a bug, not an outcome
        return { kind: 'transient', statusCode: null, responseText: '', reason: describeNetworkError(error.code, options.timeoutMs) };
      }
    },
    async scenarioStatus() {
      try {
        const response = await client.get('/scenario', { timeout: STATUS_TIMEOUT_MS, responseType: 'json' });
        // responseType 'json': axios has parsed the body, or left text that is not JSON, which fails the schema.
        const parsed = ScenarioStatusBody.safeParse(response.data);
        return response.status === 200 && parsed.success ? parsed.data : undefined;
      } catch {
        return undefined; // no answer, or not JSON: the badge says the finance package is not answering
      }
    },
    async setScenario(scenario) {
      const response = await client.post('/scenario', { scenario });
      if (response.status >= 300) {
        throw new Error(`the finance package answered ${response.status} to scenario ${scenario}: ${responseText(response.data)}`);
      }
    },
  };
}
