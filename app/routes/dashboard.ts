import { Router } from 'express';
import type { Clock } from '../../platform/clock';
import { formatLondonForDisplay } from '../../platform/london-time';
import type { FinanceClient } from '../payments/finance-client';
import { describeScenario } from './scenario-badge';
import { dashboardTotal, type OrderStore } from '../store/order-store';
import { SCENARIO_NAMES, scenarios } from '../../scenarios/catalog';
import { RECENT_WINDOW_MS } from './orders-api';

const LIST_LIMIT = 100;

export function dashboardRoutes(deps: { store: OrderStore; clock: Clock; finance: FinanceClient }): Router {
  const router = Router();

  async function panelModel() {
    const now = deps.clock();
    const since = new Date(now.getTime() - RECENT_WINDOW_MS);
    const [summary, orders, scenarioStatus] = await Promise.all([
      deps.store.summary(since),
      deps.store.dashboardOrders(since, LIST_LIMIT),
      deps.finance.scenarioStatus(),
    ]);
    const total = dashboardTotal(summary);
    return {
      scenario: describeScenario(scenarioStatus),
      updatedAt: now.toISOString(),
      updatedDisplay: formatLondonForDisplay(now).split(' ')[1],
      summary,
      inQueue: summary.queued + summary.processing,
      orders: orders.map((o) => ({
        ...o,
        placedDisplay: formatLondonForDisplay(new Date(o.datePlaced)),
        processedDisplay: o.dateProcessed ? formatLondonForDisplay(o.dateProcessed) : '',
      })),
      moreCount: Math.max(0, total - orders.length),
    };
  }

  router.get('/', async (_req, res) => {
    res.render('dashboard', {
      ...(await panelModel()),
      scenarioOptions: SCENARIO_NAMES.map((value) => ({ value, label: scenarios[value].label, summary: scenarios[value].summary })),
    });
  });

  // The page polls this and swaps it in, so figures and the list stay current without a reload.
  router.get('/dashboard/panel', async (_req, res) => {
    res.render('partials/panel', await panelModel());
  });

  return router;
}
