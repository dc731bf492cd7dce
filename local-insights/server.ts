// The ingestion protocol of Application Insights, on loopback: POST /v2.1/track with a JSON array
// or newline-delimited envelopes, gzipped or not. It answers as the real endpoint does:
// {itemsReceived, itemsAccepted, errors: [{index, statusCode, message}]}.
import path from 'node:path';
import express, { type Express } from 'express';
import { projectRoot } from '../platform/project-root';
import { SCHEMA } from './kql/schema';
import { savedQueries } from './saved-queries';
import { mapEnvelope, type Mapped } from './envelope';
import type { TelemetryDb } from './telemetry-db';
import type { QueryRunner } from './kql/query-runner';
import { queryApi } from './query-api';
import type { ProblemTracker } from './problems/problem-tracker';
import { alertsApi } from './alerts/alerts-api';
import type { AlertStore } from './alerts/alert-store';
import type { RuleEvaluator } from './alerts/evaluator';

/** A JSON array, or one JSON envelope per line. */
export function parseBatch(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return trimmed.split('\n').filter((line) => line.trim() !== '').map((line): unknown => JSON.parse(line));
}

export interface AlertingDeps {
  store: AlertStore;
  evaluator: RuleEvaluator;
  onRulesChanged: () => void;
}

export interface IngestionDeps {
  db: TelemetryDb;
  queries?: QueryRunner;
  onBatch?: (accepted: number) => void;
  /** Problems (problems/): told of each stored batch's exceptions; its routes are served. */
  problems?: { tracker: ProblemTracker; routes: express.Router };
  /** Alert rules and action groups (alerts/): their routes are served. */
  alerts?: AlertingDeps;
  clock?: () => Date;
}

export function createIngestionApp(deps: IngestionDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Raw bytes, whatever the content type; gzip (Content-Encoding) is undone by the parser.
  app.use(express.raw({ type: () => true, limit: '20mb', inflate: true }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const track: express.RequestHandler = (req, res) => {
    let items: unknown[];
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      items = parseBatch(body.toString('utf8'));
    } catch (error) {
      res.status(400).json({ itemsReceived: 0, itemsAccepted: 0, errors: [{ index: 0, statusCode: 400, message: `unreadable batch: ${String(error)}` }] });
      return;
    }
    const accepted: Mapped[] = [];
    const errors: Array<{ index: number; statusCode: number; message: string }> = [];
    items.forEach((item, index) => {
      try {
        accepted.push(mapEnvelope(item));
      } catch (error) {
        errors.push({ index, statusCode: 400, message: error instanceof Error ? error.message.slice(0, 300) : String(error) });
      }
    });
    const stored = deps.db.insertAll(accepted);
    deps.problems?.tracker.recordExceptions(stored.filter((item) => item.table === 'exceptions').map((item) => item.row));
    deps.onBatch?.(accepted.length);
    res.status(errors.length === 0 ? 200 : 206).json({ itemsReceived: items.length, itemsAccepted: accepted.length, errors });
  };
  app.post('/v2.1/track', track);
  app.post('/v2/track', track);
  if (deps.queries) app.use(queryApi(deps.queries));
  if (deps.problems) app.use(deps.problems.routes);
  if (deps.alerts) app.use(alertsApi({ ...deps.alerts, clock: deps.clock ?? (() => new Date()) }));

  // The Logs page (pages/) and the charting library it draws with, served from node_modules: no CDN.
  app.get('/api/schema', (_req, res) => {
    res.json(SCHEMA);
  });
  app.get('/api/queries', (_req, res) => {
    res.json({ groups: savedQueries(path.join(projectRoot, 'WORKSHOP.md')) });
  });
  app.get('/assets/chart.umd.min.js', (_req, res) => {
    res.sendFile(path.join(projectRoot, 'node_modules/chart.js/dist/chart.umd.min.js'));
  });
  app.get('/', (_req, res) => {
    res.sendFile(path.join(projectRoot, 'local-insights/pages/logs.html'));
  });
  // Failures and Releases (problems/): static pages over /api/problems and /api/deployments.
  app.get('/failures', (_req, res) => {
    res.sendFile(path.join(projectRoot, 'local-insights/pages/failures.html'));
  });
  app.get('/releases', (_req, res) => {
    res.sendFile(path.join(projectRoot, 'local-insights/pages/releases.html'));
  });
  app.get('/alerts', (_req, res) => {
    res.sendFile(path.join(projectRoot, 'local-insights/pages/alerts.html'));
  });
  app.get('/metrics', (_req, res) => {
    res.sendFile(path.join(projectRoot, 'local-insights/pages/metrics.html'));
  });
  app.use(express.static(path.join(projectRoot, 'local-insights/pages'), { index: false, maxAge: '5m' }));

  app.use((req, res) => {
    res.status(404).json({ error: `nothing here: ${req.method} ${req.path}` });
  });
  return app;
}
