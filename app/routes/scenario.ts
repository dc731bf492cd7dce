import { Router } from 'express';
import { AppError } from '../errors';
import { asError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { createOrderIntake } from '../orders/place-order';
import type { FinanceClient } from '../payments/finance-client';
import type { OrderStore } from '../store/order-store';
import { BROKEN_ORDER, SCENARIO_NAMES, isScenarioName, scenarios } from '../../scenarios/catalog';

export interface ScenarioDeps {
  store: OrderStore;
  finance: FinanceClient;
  intake: ReturnType<typeof createOrderIntake>;
  logger: Logger;
}

/** The dropdown posts here. The app does its own part, then tells the finance package. */
export function scenarioRoutes(deps: ScenarioDeps): Router {
  const router = Router();

  router.post('/scenario', async (req, res) => {
    const chosen: unknown = req.body?.scenario;
    if (!isScenarioName(chosen)) {
      throw new AppError('unknown-scenario', `unknown scenario ${JSON.stringify(chosen) ?? 'undefined'}: choose one of ${SCENARIO_NAMES.join(', ')}`);
    }
    const scenario = scenarios[chosen];
    switch (scenario.appEffect) {
      case 'add-broken-order': {
        const order = await deps.intake.place(BROKEN_ORDER);
        deps.logger.info('broken order added', { orderId: order.id, datePlaced: order.datePlaced });
        break;
      }
      case 'delete-all-orders': {
        const deleted = await deps.store.deleteAllOrders();
        deps.logger.info('all orders deleted', { deleted });
        break;
      }
      case 'none':
        break;
    }
    try {
      await deps.finance.setScenario(chosen);
    } catch (error) {
      // The app's own part is done; the load and faults simply stay as they were.
      deps.logger.warn('the finance package did not take the scenario', { scenario: chosen, reason: asError(error).message });
    }
    deps.logger.info('scenario chosen', { scenario: chosen, label: scenario.label });
    res.redirect(303, '/');
  });

  return router;
}
