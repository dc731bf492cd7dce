// An Application Insights ingestion endpoint on loopback that misbehaves on demand: down (nothing
// listening), hanging (accepts, never answers), failing (500, 503), throttling (429 with
// Retry-After), or taking only part of each batch (206). It records every item it accepts, so a
// test can count what arrived, and what arrived twice. The app's real SDK talks to it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export type IngestionMode =
  | { kind: 'ok' }
  | { kind: 'down' }
  | { kind: 'hang' }
  | { kind: 'status'; status: 500 | 503 }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'partial' };

export interface Envelope {
  name: string;
  time: string;
  data: { baseType: string; baseData: Record<string, unknown> };
}

export interface FlakyIngestion {
  url: string;
  setMode(mode: IngestionMode): Promise<void>;
  /** Items accepted (200, or the accepted part of a 206), in arrival order. */
  accepted: Envelope[];
  /** Batches that reached the endpoint, whatever the answer. */
  batchesSeen(): number;
  /** Every item that reached the endpoint, whatever the answer (the same item again when resent). */
  seen: Envelope[];
  stop(): Promise<void>;
}

function readItems(body: Buffer, gzipped: boolean): Envelope[] {
  const text = (gzipped ? zlib.gunzipSync(body) : body).toString('utf8').trim();
  if (text === '') return [];
  return (text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line) => JSON.parse(line))) as Envelope[];
}

export async function startFlakyIngestion(initial: IngestionMode = { kind: 'ok' }): Promise<FlakyIngestion> {
  let mode = initial;
  let batches = 0;
  const accepted: Envelope[] = [];
  const seen: Envelope[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      batches++;
      const items = readItems(Buffer.concat(chunks), req.headers['content-encoding'] === 'gzip');
      seen.push(...items);
      const answer = (status: number, body: object, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      switch (mode.kind) {
        case 'hang':
          return; // the connection stays open; the SDK's own timeout must end it
        case 'status': {
          // A whole batch refused as the service answers it: every item listed with the status.
          const statusCode = mode.status;
          return answer(statusCode, {
            itemsReceived: items.length, itemsAccepted: 0,
            errors: items.map((_, index) => ({ index, statusCode, message: 'the service is unavailable' })),
          });
        }
        case 'throttle':
          return answer(429, { itemsReceived: items.length, itemsAccepted: 0, errors: [] }, { 'retry-after': String(mode.retryAfterSeconds) });
        case 'partial': {
          // The first half is taken; the rest is refused as retriable (503), item by item.
          const half = Math.ceil(items.length / 2);
          accepted.push(...items.slice(0, half));
          const errors = items.slice(half).map((_, i) => ({ index: half + i, statusCode: 503, message: 'try again later' }));
          return answer(errors.length === 0 ? 200 : 206, { itemsReceived: items.length, itemsAccepted: half, errors });
        }
        default:
          accepted.push(...items);
          return answer(200, { itemsReceived: items.length, itemsAccepted: items.length, errors: [] });
      }
    });
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  if (mode.kind === 'down') await close();
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    seen,
    batchesSeen: () => batches,
    async setMode(next) {
      if (next.kind === 'down' && server.listening) await close();
      if (next.kind !== 'down' && !server.listening) await listen(port);
      if (next.kind !== 'hang') server.closeAllConnections(); // calls left hanging are cut
      mode = next;
    },
    stop: () => (server.listening ? close() : Promise.resolve()),
  };
}
