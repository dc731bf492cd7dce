import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { AppError } from '../errors';
import { ORDER_STATUSES } from '../orders/lifecycle';
import type { OrderStore } from '../store/order-store';
import { orderJson } from './order-json';

export const RECENT_WINDOW_MS = 10 * 60 * 1000;

const ListQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES, { error: `status must be one of ${ORDER_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 1000' })
    .int({ error: 'limit must be a whole number from 1 to 1000' })
    .min(1, { error: 'limit must be a whole number from 1 to 1000' })
    .max(1000, { error: 'limit must be a whole number from 1 to 1000' })
    .default(100),
}, { error: 'unknown query parameter: use status and limit' });

const OrderId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export function ordersApiRoutes(deps: { store: OrderStore; clock: Clock }): Router {
  const router = Router();

  router.get('/count', async (_req, res) => {
    res.json({ count: await deps.store.countOrders() });
  });

  router.get('/api/summary', async (_req, res) => {
    res.json(await deps.store.summary(new Date(deps.clock().getTime() - RECENT_WINDOW_MS)));
  });

  router.get('/api/orders', async (req, res) => {
    // `?status=&limit=` (empty values) means no filter and the default limit.
    const given = Object.fromEntries(Object.entries(req.query).filter(([, value]) => value !== ''));
    const query = ListQuery.safeParse(given);
    if (!query.success) throw new AppError('bad-input', query.error.issues.map((i) => i.message).join('; '));
    const orders = await deps.store.listOrders(query.data);
    res.json(orders.map(orderJson));
  });

  router.get('/orders/:id/download', async (req, res) => {
    const id = OrderId.safeParse(req.params.id);
    if (!id.success) throw new AppError('bad-input', 'the order id must be a positive whole number');
    const bytes = await deps.store.getDownload(id.data);
    if (!bytes) throw new AppError('not-found', `there is no order ${id.data}`);
    res.attachment(`order-${id.data}-download.bin`).type('application/octet-stream').send(bytes);
  });

  return router;
}
