// How the finance package talks to the app: it places orders there and asks how many exist.
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
  };
}
