// Builds the finance package's parts, listens, seeds the app and starts the load generator.
import type { Writable } from 'node:stream';
import { systemClock, type Clock } from '../platform/clock';
import { asError } from '../platform/errors';
import { listen } from '../platform/listen';
import { createLogger, type Logger } from '../platform/logger';
import { scenarios, type ScenarioName } from '../scenarios/catalog';
import { seededRandom } from '../scenarios/random';
import { createAppClient } from './app-client';
import type { FinanceConfig } from './config';
import { createLoadGenerator } from './load-generator';
import { createPaymentDesk } from './process-payment';
import { seedIfEmpty } from './seed-orders';
import { createFinanceApp, type ScenarioState } from './server';

export interface RunningFinance {
  url: string;
  port: number;
  logger: Logger;
  stop(): Promise<void>;
}

export async function startFinance(
  config: FinanceConfig,
  options: { clock?: Clock; logStream?: Writable } = {},
): Promise<RunningFinance> {
  const clock = options.clock ?? systemClock;
  const logger = createLogger({ roleName: 'order-processing-finance-package', level: config.logLevel, secrets: config.secrets, stream: options.logStream });
  const desk = createPaymentDesk({ clock, random: seededRandom(config.randomSeed) });
  const appClient = createAppClient(config.appUrl);
  const generator = createLoadGenerator({ app: appClient, clock, timeScale: config.timeScale, logger, onOrderPlaced: desk.countGeneratedOrder });
  let state: ScenarioState = { name: 'Reset', startedAt: clock() };
  let stopped = false;

  async function seed(): Promise<void> {
    const placed = await seedIfEmpty(appClient, clock);
    for (let i = 0; i < placed; i++) desk.countGeneratedOrder();
    logger.info(placed > 0 ? 'seeded the starting orders' : 'the app already has orders: not seeding', { placed });
  }

  /** At start the app may not be up yet: wait, backing off, until it answers; then seed it. */
  async function seedWhenAppIsUp(): Promise<void> {
    for (let delayMs = 250; !stopped; delayMs = Math.min(delayMs * 2, 10_000)) {
      try {
        if (await appClient.answers()) {
          await seed();
          return;
        }
        logger.warn('waiting for the app before seeding', { appUrl: config.appUrl, retryInSeconds: delayMs / 1000 });
      } catch (error) {
        logger.warn('could not seed the app: trying again', { appUrl: config.appUrl, reason: asError(error).message, retryInSeconds: delayMs / 1000 });
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    }
  }

  async function switchTo(name: ScenarioName): Promise<void> {
    const scenario = scenarios[name];
    state = { name, startedAt: clock() };
    logger.info('scenario started', { scenario: name, label: scenario.label, timeScale: config.timeScale });
    if (scenario.reseed) desk.reset();
    if (config.generateOrders) {
      generator.follow(scenario.load, state.startedAt);
      if (scenario.reseed) await seed();
    }
  }

  const app = createFinanceApp({ desk, clock, logger, apiKey: config.apiKey, timeScale: config.timeScale, current: () => state, switchTo });
  const { server, port, url } = await listen(app, config.port, config.host);
  logger.info('listening', { url, appUrl: config.appUrl, timeScale: config.timeScale, randomSeed: config.randomSeed, version: config.version });

  if (config.generateOrders) {
    generator.follow(scenarios[state.name].load, state.startedAt);
    void seedWhenAppIsUp();
  }

  return {
    url,
    port,
    logger,
    async stop() {
      stopped = true;
      generator.stop();
      server.closeAllConnections(); // hung payments included: their callers will retry elsewhere
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('stopped');
    },
  };
}
