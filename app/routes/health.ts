import { Router } from 'express';
import { asError } from '../../platform/errors';
import type { OrderStore } from '../store/order-store';

/** App Service's health check calls this: 503 takes an instance whose database is gone out of rotation. */
export function healthRoutes(deps: { store: OrderStore }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: 'ok' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: asError(error).message });
    }
  });
  return router;
}
