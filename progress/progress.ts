// One run of the learner's self-check: gather the facts from the app and from where its telemetry
// is (a local-insights, or Application Insights through the Azure CLI), then check every part.
import { azureSource } from './azure-cli';
import { appOrders, gatherFacts, localInsights } from './facts';
import { checkParts, type PartResult } from './parts';

export interface ProgressOptions {
  app: string;
  /** A local-insights to ask; when absent and the app is not on this machine, the Azure CLI. */
  insights?: string;
  /** The learner's resource group on Azure (found from the app's host name when absent). */
  resourceGroup?: string;
  timeoutMs?: number;
}

/** KQL on a laptop waits for the query worker's first warm-up, which takes seconds on a busy machine. */
const QUERY_TIMEOUT_MS = 60_000;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
export const isOnThisMachine = (url: string): boolean => LOOPBACK.has(new URL(url).hostname);

export async function progressOf(options: ProgressOptions): Promise<PartResult[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const orders = appOrders(options.app, timeoutMs);
  const source = options.insights !== undefined
    ? { source: localInsights(options.insights, Math.max(timeoutMs, QUERY_TIMEOUT_MS)), where: `local-insights at ${options.insights}` }
    : { source: await azureSource(options.app, options.resourceGroup, Math.max(timeoutMs, QUERY_TIMEOUT_MS)), where: 'Application Insights (through az)' };
  return checkParts(await gatherFacts(options.app, orders, source.source, source.where));
}
