import { Router } from 'express';
import type { FinanceClient } from '../payments/finance-client';

/**
 * What is running here, for the instructor's class view: the version (package version plus the
 * build's commit, the same one telemetry carries) and the scenario the finance package runs.
 * The scenario is null when the finance package does not answer.
 */
export function aboutRoutes(deps: { version: string; finance: FinanceClient }): Router {
  const router = Router();
  router.get('/api/about', async (_req, res) => {
    const status = await deps.finance.scenarioStatus();
    res.json({ version: deps.version, scenario: status?.scenario ?? null });
  });
  return router;
}
