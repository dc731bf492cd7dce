// createFinanceApp(deps): the finance package's HTTP interface. No listen() here (see main.ts).
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Clock } from '../platform/clock';
import { asError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { tagRequestWithOrder } from '../platform/telemetry-context';
import { SCENARIO_NAMES, isScenarioName, scenarios, type ScenarioName } from '../scenarios/catalog';
import { loadAt } from '../scenarios/timeline';
import type { PaymentDesk } from './process-payment';

/** A hung payment is answered 504 after this, if the caller has not given up long before. */
const HANG_LIMIT_MS = 120_000;

export interface ScenarioState {
  name: ScenarioName;
  startedAt: Date;
}

export interface FinanceDeps {
  desk: PaymentDesk;
  clock: Clock;
  logger: Logger;
  apiKey: string;
  timeScale: number;
  current: () => ScenarioState;
  /** Switches scenario: load, faults, and for Reset the seeding. */
  switchTo: (name: ScenarioName) => Promise<void>;
}

export function createFinanceApp(deps: FinanceDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(express.json({ limit: '10kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.post('/ProcessPayment', (req, res) => {
    if (req.get('x-api-key') !== deps.apiKey) {
      deps.logger.warn('payment refused: missing or wrong API key');
      res.status(401).type('text').send('Unauthorized');
      return;
    }
    const key = req.get('Idempotency-Key');
    const faults = scenarios[deps.current().name].faults;
    const decision = deps.desk.handle(req.body, key, faults);
    const orderId: unknown = req.body?.orderId;
    if (typeof orderId === 'number') tagRequestWithOrder(orderId);
    if (decision.kind === 'hang') {
      deps.logger.info('payment hanging (Queue Reliability)', { orderId, idempotencyKey: key });
      const timer = setTimeout(() => res.status(504).type('text').send('Gateway Timeout'), HANG_LIMIT_MS);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    const { status, body } = decision.answer;
    // The status only: like a real supplier's, this log is not where the caller learns why.
    deps.logger.info('payment answered', { orderId, idempotencyKey: key, statusCode: status });
    res.status(status).type('text').send(body);
  });

  app.get('/scenario', (_req, res) => {
    const { name, startedAt } = deps.current();
    const scenario = scenarios[name];
    const position = loadAt(scenario.load, deps.clock().getTime() - startedAt.getTime(), deps.timeScale);
    res.json({
      scenario: name,
      label: scenario.label,
      startedAt: startedAt.toISOString(),
      timeScale: deps.timeScale,
      load: {
        phase: position.phase,
        ordersPerMinute: Math.round((60_000 / position.intervalMs) * 100) / 100,
        phaseEndsInSeconds: position.phaseEndsInMs === null ? null : Math.round(position.phaseEndsInMs / 1000),
      },
      faults: scenario.faults,
    });
  });

  app.post('/scenario', async (req, res) => {
    const parsed = z.object({ scenario: z.string() }).safeParse(req.body);
    const name = parsed.success ? parsed.data.scenario : undefined;
    if (!isScenarioName(name)) {
      res.status(400).json({ error: `unknown scenario ${JSON.stringify(name) ?? 'undefined'}: choose one of ${SCENARIO_NAMES.join(', ')}` });
      return;
    }
    await deps.switchTo(name);
    res.json({ scenario: name, label: scenarios[name].label });
  });

  app.get('/stats', (_req, res) => {
    res.json(deps.desk.stats());
  });

  app.use((req, res) => {
    res.status(404).json({ error: `nothing here: ${req.method} ${req.path}` });
  });
  const errorHandler: ErrorRequestHandler = (thrown, req, res, _next) => {
    // body-parser marks its errors with a 4xx status: bad JSON, too large, wrong charset
    const clientError = typeof thrown === 'object' && thrown !== null && 'status' in thrown && typeof thrown.status === 'number'
      && thrown.status >= 400 && thrown.status < 500 ? thrown.status : undefined;
    if (clientError) {
      res.status(clientError).json({ error: 'the body must be a small JSON object' });
      return;
    }
    deps.logger.error('request failed', { method: req.method, url: req.originalUrl, error: asError(thrown) });
    res.status(500).json({ error: 'internal error' });
  };
  app.use(errorHandler);
  return app;
}
