// Application Insights' query API on local-insights' port: GET or POST /v1/apps/{app}/query, with
// `query` and optional `timespan` as query parameters or a JSON body, answered as Azure does.
import express, { type Router } from 'express';
import { z } from 'zod';
import { QUERY_LIMITS } from './kql/query-limits';
import type { QueryRunner } from './kql/query-runner';
import { parseTimespan } from './timespan';

const QueryRequest = z.object({ query: z.string().trim().min(1), timespan: z.string().trim().min(1).optional() });

const badArgument = (message: string) => ({ error: { code: 'BadArgumentError', message } });

/** `Prefer: wait=30` asks for a time limit in seconds, as on Azure. */
function timeoutFrom(prefer: string | undefined): number {
  const seconds = Number(/wait=(\d+)/.exec(prefer ?? '')?.[1]);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, QUERY_LIMITS.maxTimeoutMs) : QUERY_LIMITS.defaultTimeoutMs;
}

export function queryApi(runner: QueryRunner): Router {
  const router = express.Router();
  const handle: express.RequestHandler = async (req, res) => {
    let input: unknown = req.query;
    if (req.method === 'POST') {
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      try {
        input = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        res.status(400).json(badArgument('The request body is not JSON: send {"query": "…", "timespan": "PT1H"}'));
        return;
      }
    }
    const parsed = QueryRequest.safeParse(input);
    if (!parsed.success) {
      res.status(400).json(badArgument('The request needs a query, e.g. {"query": "requests | take 10"}; timespan is optional (PT1H)'));
      return;
    }
    const now = Date.now();
    const window = parsed.data.timespan ? parseTimespan(parsed.data.timespan, now) : null;
    if (window && 'error' in window) {
      res.status(400).json(badArgument(window.error));
      return;
    }
    const outcome = await runner.run(parsed.data.query, { timespan: window, timeoutMs: timeoutFrom(req.get('Prefer')), now });
    res.status(outcome.status).json(outcome.body);
  };
  router.get('/v1/apps/:app/query', handle);
  router.post('/v1/apps/:app/query', handle);
  return router;
}
