// How the finance package talks to the app: it places orders there and asks how many exist.
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import axios from 'axios';
import http from 'node:http';
import { z } from 'zod';

export interface GeneratedOrder {
  product: string;
  customer: string;
  date_placed: string;
}

export interface AppClient {
  placeOrder(order: GeneratedOrder): Promise<{ status: number; body: string }>;
  countOrders(): Promise<number>;
  /** Whether the app answers yet: a readiness probe, kept out of telemetry as health probes are. */
  answers(): Promise<boolean>;
}

export function createAppClient(baseUrl: string): AppClient {
  const client = axios.create({
    baseURL: baseUrl,
    timeout: 10_000,
    responseType: 'text',
    validateStatus: () => true,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }),
  });
  return {
    async placeOrder(order) {
      const response = await client.post('/new', order, { headers: { 'Content-Type': 'application/json' } });
      return { status: response.status, body: String(response.data) };
    },
    async countOrders() {
      const response = await client.get('/count');
      if (response.status !== 200) throw new Error(`the app answered ${response.status} to GET /count`);
      return z.object({ count: z.number() }).parse(JSON.parse(String(response.data))).count;
    },
    // Traced, a refused connection while the app starts would be a failed dependency with an
    // exception: a new problem on the Failures page at every restart, about nothing.
    answers() {
      return context.with(suppressTracing(context.active()), () =>
        client.get('/healthz').then((response) => response.status === 200, () => false));
    },
  };
}
