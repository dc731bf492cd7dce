import { Router } from 'express';
import { AppError } from '../errors';
import type { Logger } from '../../platform/logger';
import { tagRequestWithOrder } from '../../platform/telemetry-context';
import type { createOrderIntake } from '../orders/place-order';
import { orderJson } from './order-json';

export function intakeRoutes(deps: { intake: ReturnType<typeof createOrderIntake>; logger: Logger }): Router {
  const router = Router();

  router.post('/new', async (req, res) => {
    if (!req.is('application/json')) {
      throw new AppError('bad-input', 'send the order as JSON, with the header Content-Type: application/json');
    }
    const order = await deps.intake.place(req.body);
    tagRequestWithOrder(order.id);
    deps.logger.info('order received', { orderId: order.id, product: order.product, datePlaced: order.datePlaced });
    res.status(201).json(orderJson(order));
  });

  return router;
}
