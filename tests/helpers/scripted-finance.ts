// A finance endpoint on loopback whose answers a test scripts call by call: for the lifecycle's
// edge cases (a 503 then a 200, a hang, a run of failures), which the real finance package produces
// only at random. It is a real HTTP server; the app's real client talks to it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer = { status: number; body: string } | 'hang';

export interface ReceivedPayment {
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** When the call arrived (epoch ms). */
  at: number;
}

export async function startScriptedFinance(answer: (call: number, payment: ReceivedPayment) => ScriptedAnswer) {
  const received: ReceivedPayment[] = [];
  let open = 0;
  let mostOpen = 0;
  const server = http.createServer((req, res) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    res.on('close', () => open--);
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const payment = { headers: req.headers, body: raw ? JSON.parse(raw) : null, at: Date.now() };
      received.push(payment);
      const reply = answer(received.length, payment);
      if (reply === 'hang') return; // never answers: the caller's timeout must end it
      res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP server always has an AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** The most calls that were open at the same moment. */
    mostOpenAtOnce: () => mostOpen,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
