// Entry point of the local ingestion endpoint: Application Insights' tables, offline.
import { InvalidSetting } from '../platform/settings';
import { loadInsightsConfig } from './config';
import { startInsights } from './start-insights';

const LAST_FLUSH_WAIT_MS = 1500;

async function main(): Promise<void> {
  const config = loadInsightsConfig(process.env);
  const running = await startInsights(config);
  console.log(`local-insights: receiving telemetry at ${running.url}/v2.1/track, storing it in ${config.databaseFile}; KQL at ${running.url}/v1/apps/local/query`);
  // Stopped together with the app and the finance package (Ctrl-C reaches all three at once), it
  // keeps listening a moment for the last telemetry they flush on their way out.
  const stop = () =>
    setTimeout(() => running.stop().then(() => process.exit(0), () => process.exit(1)), LAST_FLUSH_WAIT_MS);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidSetting ? `local-insights: ${error.message}` : error);
  process.exit(1);
});
