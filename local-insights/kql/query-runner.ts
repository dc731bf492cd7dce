// Runs KQL in a worker thread (query-worker.ts) with a time limit. A query over its limit ends the
// worker (JavaScript cannot be interrupted otherwise) and a fresh one starts for the next query.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { QUERY_LIMITS } from './query-limits';
import type { WireAnswer, WireError } from './wire';

export interface WorkerRequest {
  id: number;
  query: string;
  now: number;
  timespan: { from: number; to: number } | null;
}

export type WorkerReply =
  | { kind: 'ready'; warmUpMs: number }
  | { kind: 'answer'; id: number; status: 200 | 400; body: WireAnswer | WireError; ms: number }
  | { kind: 'failed'; id: number; message: string };

export interface QueryOutcome {
  status: 200 | 400 | 500 | 504;
  body: WireAnswer | WireError;
  ms: number;
}

/** The worker's file next to this one: .js once built, .ts when run from source under tsx (tests). */
const WORKER_FILE = path.join(__dirname, `query-worker${path.extname(__filename)}`);

/** A worker does not inherit tsx's hooks from the test runner, so from source it registers them first. */
function startWorker(databaseFile: string): Worker {
  const workerData = { databaseFile };
  if (WORKER_FILE.endsWith('.js')) return new Worker(WORKER_FILE, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_FILE)});`, { eval: true, workerData });
}

export class QueryRunner {
  private worker: Worker | null = null;
  private ready: Promise<number> | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly databaseFile: string) {}

  /** Starts the worker and warms its parser; resolves with the warm-up time in ms. */
  start(): Promise<number> {
    if (this.ready) return this.ready;
    const worker = startWorker(this.databaseFile);
    this.worker = worker;
    this.ready = new Promise<number>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (reply: WorkerReply) => {
        if (reply.kind === 'ready') resolve(reply.warmUpMs);
        else reject(new Error('the query worker answered before it was ready'));
      });
    });
    return this.ready;
  }

  /** Answers one query; queries wait their turn. `now` is taken when the query starts. */
  run(query: string, options: { timespan: { from: number; to: number } | null; timeoutMs?: number; now?: number }): Promise<QueryOutcome> {
    const turn = this.queue.then(() => this.runNow(query, options));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }

  private async runNow(query: string, options: { timespan: { from: number; to: number } | null; timeoutMs?: number; now?: number }): Promise<QueryOutcome> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new Error('the query worker is not running');
    const id = this.nextId++;
    const timeoutMs = Math.min(options.timeoutMs ?? QUERY_LIMITS.defaultTimeoutMs, QUERY_LIMITS.maxTimeoutMs);
    const started = performance.now();
    return new Promise<QueryOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanUp();
        void this.stop();
        resolve({
          status: 504,
          body: { error: { code: 'GatewayTimeout', message: `The query did not finish within its time limit of ${timeoutMs / 1000} s (Prefer: wait=N asks for up to ${QUERY_LIMITS.maxTimeoutMs / 1000} s)` } },
          ms: performance.now() - started,
        });
      }, timeoutMs);
      const onMessage = (reply: WorkerReply) => {
        if (reply.kind === 'ready' || reply.id !== id) return;
        cleanUp();
        if (reply.kind === 'failed') resolve({ status: 500, body: { error: { code: 'InternalServerError', message: reply.message } }, ms: performance.now() - started });
        else resolve({ status: reply.status, body: reply.body, ms: reply.ms });
      };
      const onError = (error: Error) => {
        cleanUp();
        this.worker = null;
        this.ready = null;
        reject(error);
      };
      const cleanUp = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, query, now: options.now ?? Date.now(), timespan: options.timespan } satisfies WorkerRequest);
    });
  }
}
