// Every command the learner copy's README and WORKSHOP.md's local track show, taken from the
// documents and run as written in a generated starting copy: `npm start` and its variants start
// the real processes and answer on their ports, Ctrl-C stops them all; `npm run telemetry` answers
// KQL over what they sent; the curl commands are accepted by the running local-insights.
//
// Two liberties, both of them what the README tells a learner to do: the ports are free ones
// given as APP_PORT / FINANCE_PORT / INSIGHTS_PORT (or PORT for one process alone), since 3000-3002
// may be taken on a shared machine; and a `<KQL>` placeholder is filled with a query.
// Not run here: `npm install` (the copy uses this repository's install; tests/delivery replays a
// clean `npm ci` of the copy's lockfile) and `docker …` (no Docker; the same replay builds its stages).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { writeRunnableCopy } from '../../workshop/learner-repository';
import { freePort } from '../helpers/free-port';
import { httpClient } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const root = path.resolve(__dirname, '../..');
const copy = path.join(makeTempDir('learner-commands'), 'start');
/** What fills a `<KQL>` or `<query>` placeholder: something the system has rows for at once. */
const SAMPLE_KQL = 'requests | summarize count() by name';

/** The commands a document shows: lines of its ```sh blocks (continuations joined) and inline `npm …`/`curl …`. */
export function commandsIn(markdown: string): string[] {
  const commands: string[] = [];
  for (const [, block] of markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    commands.push(...(block ?? '').replace(/\\\n\s*/g, '').split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean));
  }
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, command] of prose.matchAll(/`((?:[A-Z_]+=\S+ )*(?:npm|curl|docker) [^`]+)`/g)) commands.push(command ?? '');
  return [...new Set(commands)];
}

/** WORKSHOP.md's local track: its "Local track" hints and the closing section. */
export function localTrackOf(workshop: string): string {
  const hints = [...workshop.matchAll(/<details><summary>Local track<\/summary>([\s\S]*?)<\/details>/g)].map((m) => m[1] ?? '');
  const section = workshop.slice(workshop.indexOf('\n## The local track'));
  return [...hints, section].join('\n');
}

interface Ports { app: number; finance: number; insights: number }
let ports: Ports;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
  HOME: process.env.HOME ?? copy,
  APP_PORT: String(ports.app), FINANCE_PORT: String(ports.finance), INSIGHTS_PORT: String(ports.insights),
  ...extra,
});

interface Running { command: string; child: ChildProcess; output(): string }

/** Runs a command through the shell, in its own process group so that "Ctrl-C" reaches all of it. */
function launch(command: string, extra: Record<string, string> = {}): Running {
  const child = spawn('sh', ['-c', command], { cwd: copy, env: env(extra), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { command, child, output: () => output };
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function finished(running: Running): Promise<{ code: number | null; output: string }> {
  const code = isRunning(running.child) ? await new Promise<number | null>((resolve) => running.child.once('exit', (c) => resolve(c))) : running.child.exitCode;
  return { code, output: running.output() };
}

async function runToEnd(command: string, extra: Record<string, string> = {}): Promise<string> {
  const { code, output } = await finished(launch(command, extra));
  assert.equal(code, 0, `\`${command}\` exited ${code}:\n${output}`);
  return output;
}

const answers = async (url: string) => (await httpClient(url).get('')).status === 200;

/** Waits until each URL answers 200, as the learner's browser would find them. */
async function whenServing(running: Running, urls: string[]): Promise<void> {
  await waitFor(async () => {
    if (!isRunning(running.child)) assert.fail(`\`${running.command}\` stopped:\n${running.output()}`);
    for (const url of urls) if (!(await answers(url))) return false;
    return true;
  }, { deadlineMs: 120_000, everyMs: 250, what: () => `\`${running.command}\` to serve ${urls.join(', ')}:\n${running.output()}` });
}

/** Ctrl-C: SIGINT to the whole process group, as a terminal sends it; everything stops and lets go of its port. */
async function pressCtrlC(running: Running, urls: string[]): Promise<void> {
  if (running.child.pid !== undefined && isRunning(running.child)) process.kill(-running.child.pid, 'SIGINT');
  await finished(running);
  await waitFor(async () => (await Promise.all(urls.map((url) => answers(url).catch(() => false)))).every((up) => !up), {
    deadlineMs: 20_000, what: () => `\`${running.command}\` to stop everything on Ctrl-C:\n${running.output()}`,
  });
}

const systemUrls = () => [`http://127.0.0.1:${ports.app}/`, `http://127.0.0.1:${ports.finance}/scenario`, `http://127.0.0.1:${ports.insights}/healthz`];
/** The command on this run's free ports: the defaults (300x) and the README's example (400x). */
const withPorts = (command: string) => command.replace(/(localhost:|=)(?:3000|4000)\b/g, `$1${ports.app}`)
  .replace(/(localhost:|=)(?:3001|4001)\b/g, `$1${ports.finance}`).replace(/(localhost:|=)(?:3002|4002)\b/g, `$1${ports.insights}`);
const filled = (command: string) => command.replace(/(['"])<(?:KQL|query)>\1/g, `'${SAMPLE_KQL}'`);

let readme: string[];
let localTrack: string[];
let all: string[];
const left = new Set<string>();
/** Marks a command as run; the last test proves every command shown was. */
const ran = (command: string) => left.delete(command);

before(async () => {
  writeRunnableCopy(root, copy);
  ports = { app: await freePort(), finance: await freePort(), insights: await freePort() };
  readme = commandsIn(fs.readFileSync(path.join(copy, 'README.md'), 'utf8'));
  localTrack = commandsIn(localTrackOf(fs.readFileSync(path.join(copy, 'WORKSHOP.md'), 'utf8')));
  all = [...new Set([...readme, ...localTrack])]
    .flatMap((command) => command.split(/\s*&&\s*/))
    .filter((command) => command !== 'npm install' && !command.startsWith('docker '));
  for (const command of all) left.add(command);
});

let system: Running | undefined;
after(async () => {
  if (system && isRunning(system.child)) await pressCtrlC(system, systemUrls());
});

test('the documents show the commands a learner needs, each with something this test knows how to run', () => {
  for (const expected of ['npm start', 'npm run build', 'npm test', 'npm run start:app', 'npm run start:finance']) {
    assert.ok(all.includes(expected), `${expected} is shown: ${all.join(' | ')}`);
  }
  assert.ok(all.some((command) => command.startsWith('npm run telemetry -- ')), 'a telemetry query is shown');
  assert.ok(all.some((command) => command.startsWith('curl ')), 'the notification rules are made with curl');
  for (const command of all) {
    assert.match(command, /^(?:[A-Z_]+=\S+ )*(?:npm (?:start|test|run (?:build|progress|start:app|start:finance|start:insights|telemetry -- .+))|curl .+)$/, `a command this test cannot run: ${command}`);
    assert.doesNotMatch(filled(command), /<[^>]+>/, `a placeholder this test does not know: ${command}`);
  }
});

test('npm start brings up the app, the finance package and local-insights on the ports given', async () => {
  system = launch('npm start');
  await whenServing(system, systemUrls());
  ran('npm start');
  // The seeded orders are placed, so the telemetry below has requests to count.
  await waitFor(async () => (await httpClient(`http://127.0.0.1:${ports.app}`).get('/count')).data.count >= 11, {
    deadlineMs: 60_000, what: () => `the seed orders:\n${system?.output()}`,
  });
  assert.match(system.output(), new RegExp(`Dashboard: +http://localhost:${ports.app}/`), 'the banner names the ports in use');
});

test('every npm run telemetry command answers its KQL over what the running system sent', async () => {
  await waitFor(() => fs.existsSync(path.join(copy, 'data/telemetry.db')), { deadlineMs: 30_000, what: 'data/telemetry.db' });
  const telemetry = all.filter((command) => command.startsWith('npm run telemetry'));
  assert.ok(telemetry.length >= 2, telemetry.join(' | '));
  for (const command of telemetry) {
    let output = '';
    await waitFor(async () => !/\(no rows\)/.test(output = await runToEnd(filled(command))), {
      deadlineMs: 120_000, everyMs: 1000, what: () => `\`${command}\` to print rows:\n${output}`,
    });
    // A refused query exits non-zero (runToEnd checks) with the CLI's own prefix; rows may say "error".
    assert.doesNotMatch(output, /^telemetry: /m, `${command}:\n${output}`);
    assert.match(output, command.endsWith('tables') ? /requests/ : /\(\d+ rows\)/, `${command}:\n${output}`);
    ran(command);
  }
});

test('every curl command is accepted by the running local-insights', async () => {
  const insights = httpClient(`http://127.0.0.1:${ports.insights}`);
  // Part 6 has the learner make this action group on the Alerts page first.
  const group = await insights.put('/api/action-groups/payments-team', {
    groupShortName: 'payments', enabled: true, emailReceivers: [{ name: 'me', emailAddress: 'me@example.com', useCommonAlertSchema: true }],
  });
  assert.ok([200, 201].includes(group.status), JSON.stringify(group.data));
  for (const command of all.filter((c) => c.startsWith('curl '))) {
    const output = await runToEnd(withPorts(command));
    assert.doesNotMatch(output, /"error"/, `${command}:\n${output}`);
    const [, route] = /localhost:\d+(\/api\/[\w/-]+)/.exec(withPorts(command)) ?? [];
    assert.equal((await insights.get(route ?? '/missing-route')).status, 200, `${command} made ${route}`);
    ran(command);
  }
});

test('npm run progress checks the running system part by part, on the ports npm start uses', async () => {
  const shown = all.filter((command) => command === 'npm run progress');
  assert.equal(shown.length, 1, 'the README shows npm run progress');
  const output = await runToEnd('npm run progress');
  assert.match(output, new RegExp(`^Progress of http://localhost:${ports.app}/: \\d+ of 11 parts done$`, 'm'));
  // The starting code: the +10:00 orders are never paid, and the app sends no telemetry yet.
  assert.match(output, /^4 {5}✘ +no order placed from the supplier's \+10:00 office has been paid \(part 4\)$/m);
  assert.match(output, /^5 {5}✘ +nothing from order-processing-app has reached Application Insights \(part 5\)$/m);
  ran('npm run progress');
});

test('npm start stops everything on Ctrl-C', async () => {
  assert.ok(system);
  await pressCtrlC(system, systemUrls());
});

test('every variant of npm start with settings starts and stops as plainly', async () => {
  const variants = all.filter((command) => /^(?:[A-Z_]+=\S+ )+npm start$/.test(command));
  assert.ok(variants.length >= 3, variants.join(' | '));
  for (const command of variants) {
    const running = launch(withPorts(command));
    await whenServing(running, systemUrls());
    await pressCtrlC(running, systemUrls());
    ran(command);
  }
});

test('npm run start:app and npm run start:finance run one process each, and find each other', async () => {
  // Shown bare they use the default ports, which find each other; here each is told the free ones.
  const alone = (command: string, own: Record<string, string>) => ({ command, extra: /\bPORT=/.test(command) ? {} : own });
  const apps = all.filter((c) => c.endsWith('npm run start:app')).map((c) => alone(c, { PORT: String(ports.app), FINANCE_PACKAGE_URL: `http://127.0.0.1:${ports.finance}` }));
  const finances = all.filter((c) => c.endsWith('npm run start:finance')).map((c) => alone(c, { PORT: String(ports.finance), APP_URL: `http://127.0.0.1:${ports.app}` }));
  assert.equal(apps.length, finances.length, 'each way of starting the app alone comes with one for the finance package');
  const appUrl = [`http://127.0.0.1:${ports.app}/`];
  const financeUrl = [`http://127.0.0.1:${ports.finance}/scenario`];
  for (const [i, app] of apps.entries()) {
    const finance = finances[i] ?? assert.fail();
    const runningApp = launch(withPorts(app.command), app.extra);
    const runningFinance = launch(withPorts(finance.command), finance.extra);
    await whenServing(runningApp, appUrl);
    await whenServing(runningFinance, financeUrl);
    // They found each other: the finance package seeds the app (or finds it seeded).
    await waitFor(() => /seeded the starting orders|the app already has orders/.test(runningFinance.output()), {
      deadlineMs: 60_000, what: () => `\`${finance.command}\` to reach the app:\n${runningFinance.output()}`,
    });
    assert.ok(!(await answers(`http://127.0.0.1:${ports.insights}/healthz`).catch(() => false)), 'no local-insights: one process each');
    await pressCtrlC(runningApp, appUrl);
    await pressCtrlC(runningFinance, financeUrl);
    ran(app.command);
    ran(finance.command);
  }
  for (const command of all.filter((c) => c.endsWith('npm run start:insights'))) {
    const insights = launch(withPorts(command), /\bPORT=/.test(command) ? {} : { PORT: String(ports.insights) });
    await whenServing(insights, [`http://127.0.0.1:${ports.insights}/healthz`]);
    await pressCtrlC(insights, [`http://127.0.0.1:${ports.insights}/healthz`]);
    ran(command);
  }
});

test('npm run build and npm test finish cleanly in the copy', async () => {
  for (const command of ['npm run build', 'npm test'].filter((c) => all.includes(c))) {
    await runToEnd(command);
    ran(command);
  }
});

test('every command the documents show was run', () => {
  assert.deepEqual([...left], [], 'commands shown that no test above ran');
});
