// `npm start`: the whole system on one machine, offline. The app on 3000 and the finance package on
// 3001, wired to each other, with the embedded database. Ctrl-C stops both.
//
// Each runs as its own process, exactly as it does on App Service, so what a learner sees locally
// (two log streams, two health checks) is what they will see in Azure.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const appPort = process.env.APP_PORT ?? '3000';
const financePort = process.env.FINANCE_PORT ?? '3001';
const distRoot = path.resolve(__dirname, '..');

function run(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(distRoot, entry)], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    console.log(`${name} stopped (${signal ?? `exit code ${code}`})`);
    stopAll();
  });
  return child;
}

const children = [
  run('order-processing-app', 'app/main.js', {
    PORT: appPort,
    FINANCE_PACKAGE_URL: `http://localhost:${financePort}`,
  }),
  run('order-processing-finance-package', 'finance-stub/main.js', {
    PORT: financePort,
    APP_URL: `http://localhost:${appPort}`,
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
  Press Ctrl-C to stop both.
`);
