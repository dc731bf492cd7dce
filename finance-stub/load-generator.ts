// The supplier's incoming orders: posted to the app at the rate the current scenario's timeline
// says (scenarios/timeline.ts), placed in the supplier's +10:00 offset.
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { asError } from '../platform/errors';
import { toIsoWithOffset } from '../platform/london-time';
import { detached } from '../platform/telemetry-context';
import type { LoadProfile } from '../scenarios/catalog';
import { loadAt } from '../scenarios/timeline';
import type { AppClient } from './app-client';

const PRODUCTS = ['Plain T-shirt', 'Hoodie', 'Water bottle', 'Notebook', 'Sticker pack', 'Mug', 'Cap', 'Tote bag'];
const CUSTOMERS = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Frances'];
/** The supplier places its own orders in its own timezone. */
export const SUPPLIER_OFFSET_MINUTES = 10 * 60;
/** Posts still waiting for the app beyond this are skipped rather than piled up. */
const MAX_IN_FLIGHT = 50;

/** Deterministic order contents: the n-th generated order always looks the same. */
export function productFor(n: number): { product: string; customer: string } {
  return { product: PRODUCTS[n % PRODUCTS.length] ?? 'Plain T-shirt', customer: CUSTOMERS[n % CUSTOMERS.length] ?? 'Ada' };
}

export interface LoadGenerator {
  /** Switches to a scenario's load, its timeline starting at `startedAt`. */
  follow(load: LoadProfile, startedAt: Date): void;
  stop(): void;
}

export function createLoadGenerator(deps: {
  app: AppClient;
  clock: Clock;
  timeScale: number;
  logger: Logger;
  onOrderPlaced: () => void;
}): LoadGenerator {
  let timer: NodeJS.Timeout | undefined;
  let generated = 0;
  let inFlight = 0;
  let failuresInARow = 0;

  async function placeOne(): Promise<void> {
    const n = generated++;
    inFlight++;
    try {
      const result = await deps.app.placeOrder({
        ...productFor(n),
        date_placed: toIsoWithOffset(deps.clock(), SUPPLIER_OFFSET_MINUTES),
      });
      if (result.status === 201) {
        deps.onOrderPlaced();
        failuresInARow = 0;
      } else {
        deps.logger.warn('the app refused a generated order', { statusCode: result.status, responseText: result.body.slice(0, 200) });
      }
    } catch (error) {
      // Log the first failure of a run, then every hundredth, so an app that is down does not flood the log.
      if (failuresInARow++ % 100 === 0) {
        deps.logger.warn('could not post a generated order to the app', { reason: asError(error).message, failuresInARow });
      }
    } finally {
      inFlight--;
    }
  }

  function scheduleNext(load: LoadProfile, startedAt: Date): void {
    const position = loadAt(load, deps.clock().getTime() - startedAt.getTime(), deps.timeScale);
    timer = setTimeout(() => {
      if (inFlight < MAX_IN_FLIGHT) void placeOne();
      scheduleNext(load, startedAt);
    }, position.intervalMs);
  }

  return {
    follow(load, startedAt) {
      clearTimeout(timer);
      detached(() => scheduleNext(load, startedAt));
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
