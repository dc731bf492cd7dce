// The worker thread that answers KQL, off the ingestion path: it has its own read-only connection
// to the telemetry file and its own copy of the parser, so a heavy query never stalls ingestion,
// the page or alert evaluation. It answers one query at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { warmUp } from './kusto-parser';
import { runKql } from './run-kql';
import { SqliteSource } from './sqlite-source';
import { QUERY_LIMITS } from './query-limits';
import { toWireAnswer, toWireError } from './wire';
import type { WorkerReply, WorkerRequest } from './query-runner';

const { databaseFile } = z.object({ databaseFile: z.string() }).parse(workerData);
const db = new DatabaseSync(databaseFile, { readOnly: true });
const source = new SqliteSource(db);
const warmUpMs = warmUp();
parentPort?.postMessage({ kind: 'ready', warmUpMs } satisfies WorkerReply);

parentPort?.on('message', (request: WorkerRequest) => {
  const started = performance.now();
  try {
    const answer = runKql(request.query, source, { now: request.now, timespan: request.timespan });
    const reply: WorkerReply = answer.ok
      ? { kind: 'answer', id: request.id, status: 200, body: toWireAnswer(answer.result, QUERY_LIMITS), ms: performance.now() - started }
      : { kind: 'answer', id: request.id, status: 400, body: toWireError(answer.diagnostics), ms: performance.now() - started };
    parentPort?.postMessage(reply);
  } catch (error) {
    parentPort?.postMessage({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});
