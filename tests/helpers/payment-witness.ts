// A loopback proxy in front of the finance package that watches every payment go by: how many
// calls for one Idempotency-Key were open at the same moment (two would mean two instances paying
// one order at once), and how many callers went away before the answer came (an instance killed
// mid-payment). It forwards everything else unchanged, so the apps and the finance package are
// the real ones.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PaymentWitness {
  url: string;
  /** The most calls for one key that were open at once, over the whole run. */
  mostOpenForOneKey(): number;
  /** Payments whose caller closed the connection before the finance package answered. */
  cutOff(): number;
  /** The Idempotency-Keys of those payments. */
  cutOffKeys(): string[];
  /** Payment calls seen, answered or not. */
  calls(): number;
  stop(): Promise<void>;
}

export async function startPaymentWitness(target: string): Promise<PaymentWitness> {
  const open = new Map<string, number>();
  let mostOpen = 0;
  const cutOffKeys: string[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    const key = req.url === '/ProcessPayment' ? String(req.headers['idempotency-key'] ?? '') : undefined;
    if (key !== undefined) {
      calls++;
      open.set(key, (open.get(key) ?? 0) + 1);
      mostOpen = Math.max(mostOpen, open.get(key) ?? 0);
    }
    let settled = false;
    const settle = (wasCutOff: boolean) => {
      if (settled || key === undefined) return;
      settled = true;
      open.set(key, (open.get(key) ?? 1) - 1);
      if (wasCutOff) cutOffKeys.push(key);
    };
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => settle(false));
    });
    upstream.on('error', () => {
      settle(false);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // The caller went away before the answer: the call ends here, cut off.
    res.on('close', () => {
      if (!res.writableFinished) {
        settle(true);
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mostOpenForOneKey: () => mostOpen,
    cutOff: () => cutOffKeys.length,
    cutOffKeys: () => [...cutOffKeys],
    calls: () => calls,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
