// createApp(deps) builds the Express app: middleware, routes, a 404, then the one error handler.
// It never listens, so tests build it with the dependencies they choose and serve it on port 0.
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import type { Clock } from '../platform/clock';
import { AppError } from './errors';
import { asError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { createOrderIntake } from './orders/place-order';
import { projectRoot } from '../platform/project-root';
import type { FinanceClient } from './payments/finance-client';
import type { OrderStore } from './store/order-store';
import { aboutRoutes } from './routes/about';
import { dashboardRoutes } from './routes/dashboard';
import { healthRoutes } from './routes/health';
import { intakeRoutes } from './routes/intake';
import { ordersApiRoutes } from './routes/orders-api';
import { scenarioRoutes } from './routes/scenario';

export interface AppDeps {
  store: OrderStore;
  finance: FinanceClient;
  clock: Clock;
  logger: Logger;
  makeDownload: () => Buffer;
  /** The application version telemetry carries (see platform/application-version.ts). */
  version: string;
}


/** Express's body-parser errors, as the learner should read them. */
function bodyParserError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('bad-input', 'the body is not valid JSON');
    case 'entity.too.large':
      return new AppError('payload-too-large', 'the body is too large: an order is a few hundred bytes of JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('bad-input', 'the body must be UTF-8 JSON');
    default:
      return undefined;
  }
}

function setUpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (thrown, req, res, _next) => {
    const known = thrown instanceof AppError ? thrown : bodyParserError(thrown);
    if (known) {
      res.status(known.status).json({ error: known.message });
      return;
    }
    logger.error('request failed', { method: req.method, url: req.originalUrl, error: asError(thrown) });
    res.status(500).json({ error: 'Something went wrong on our side; the log stream has the details.' });
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const intake = createOrderIntake(deps);

  app.set('views', path.join(projectRoot, 'views'));
  app.set('view engine', 'ejs');
  app.set('trust proxy', true); // App Service terminates TLS in front of us
  app.disable('x-powered-by');

  app.use(helmet());
  app.use('/assets/bootstrap', express.static(path.join(projectRoot, 'node_modules/bootstrap/dist'), { maxAge: '1h' }));
  app.use('/assets', express.static(path.join(projectRoot, 'public'), { maxAge: '5m' }));
  app.use(express.json({ limit: '10kb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '10kb' }));

  app.use(healthRoutes(deps));
  app.use(dashboardRoutes(deps));
  app.use(intakeRoutes({ intake, logger: deps.logger }));
  app.use(ordersApiRoutes(deps));
  app.use(aboutRoutes(deps));
  app.use(scenarioRoutes({ ...deps, intake }));

  app.use((req, _res, next) => next(new AppError('not-found', `nothing here: ${req.method} ${req.path}`)));
  app.use(setUpErrorHandler(deps.logger));
  return app;
}
