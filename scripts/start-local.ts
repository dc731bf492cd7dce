// `npm start`: the whole system on one machine, offline. The app on 3000 and the finance package on
// 3001, wired to each other, with the embedded database, and both sending telemetry to
// local-insights on 3002 (a stand-in for Application Insights; its tables are in
// data/telemetry.db). Ctrl-C stops them all. With your own APPLICATIONINSIGHTS_CONNECTION_STRING
// set, telemetry goes there instead; with LOCAL_TELEMETRY=off, nowhere.
//
// Each runs as its own process, exactly as it does on App Service, so what a learner sees locally
// (two log streams, two health checks) is what they will see in Azure.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { localConnectionString } from '../local-insights/config';
import { applicationVersion, localBuildCommit } from '../platform/application-version';
import { projectRoot } from '../platform/project-root';
import { recordLocalDeployment } from './local-deployment';
import { isSupportedNode, unsupportedNodeMessage } from '../platform/node-version';

if (!isSupportedNode(process.versions.node)) {
  console.error(unsupportedNodeMessage(process.versions.node));
  process.exit(1);
}

const appPort = process.env.APP_PORT ?? '3000';
const financePort = process.env.FINANCE_PORT ?? '3001';
const insightsPort = process.env.INSIGHTS_PORT ?? '3002';
const runLocalInsights = !process.env.APPLICATIONINSIGHTS_CONNECTION_STRING && process.env.LOCAL_TELEMETRY !== 'off';
const telemetryEnv: NodeJS.ProcessEnv = runLocalInsights
  ? { APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(`http://127.0.0.1:${insightsPort}`) }
  : {};
const distRoot = path.resolve(__dirname, '..');
// The checkout's commit when BUILD_COMMIT is not set: every commit then starts as a new version.
const buildCommit = localBuildCommit(process.env, projectRoot);
const versionEnv: NodeJS.ProcessEnv = buildCommit ? { BUILD_COMMIT: buildCommit } : {};

function run(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(distRoot, entry)], {
    env: { ...process.env, ...versionEnv, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    console.log(`${name} stopped (${signal ?? `exit code ${code}`})`);
    stopAll();
  });
  return child;
}

const children = [
  ...(runLocalInsights ? [run('local-insights', 'local-insights/main.js', { PORT: insightsPort })] : []),
  run('order-processing-app', 'app/main.js', {
    ...telemetryEnv,
    PORT: appPort,
    HOST: '127.0.0.1', // loopback only on a laptop; the container image listens on every interface
    FINANCE_PACKAGE_URL: `http://127.0.0.1:${financePort}`,
  }),
  run('order-processing-finance-package', 'finance-stub/main.js', {
    ...telemetryEnv,
    PORT: financePort,
    HOST: '127.0.0.1',
    APP_URL: `http://127.0.0.1:${appPort}`,
  }),
];

let stopping = false;
function stopAll(): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

console.log(`
  Dashboard:        http://localhost:${appPort}/
  Finance package:  http://localhost:${financePort}/scenario  (its stats: /stats)
  Telemetry:        ${runLocalInsights ? `local-insights on :${insightsPort}, tables in ${process.env.TELEMETRY_DATABASE_FILE ?? 'data/telemetry.db'}` : process.env.APPLICATIONINSIGHTS_CONNECTION_STRING ? 'your APPLICATIONINSIGHTS_CONNECTION_STRING' : 'off'}${runLocalInsights ? `
  Logs (KQL):       http://127.0.0.1:${insightsPort}/  (or: npm run telemetry -- '<KQL>')` : ''}
  Press Ctrl-C to stop them all.
`);

// Release tracking, locally: once local-insights answers, a new version (package version, plus
// BUILD_COMMIT or the checkout's commit) is recorded as a deployment. Best effort: the system runs
// the same without it.
async function recordThisVersion(): Promise<void> {
  const insightsUrl = `http://127.0.0.1:${insightsPort}`;
  const version = applicationVersion(buildCommit);
  for (let attempt = 0; attempt < 40 && !stopping; attempt++) {
    try {
      const outcome = await recordLocalDeployment(insightsUrl, version);
      if (outcome === 'recorded') console.log(`local-insights: recorded the deployment of ${version}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250)); // local-insights is still starting
    }
  }
  console.log(`local-insights: could not record the deployment of ${version}`);
}
if (runLocalInsights) void recordThisVersion();
