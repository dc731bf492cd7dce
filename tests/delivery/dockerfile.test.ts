// No Docker engine runs here, so the Dockerfile is checked two ways: linted, and its build and
// production stages replayed step by step in clean temporary folders (the npm commands as written,
// on this machine's Node), ending with the production command answering /healthz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { freePort } from '../helpers/free-port';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { writeLearnerRepository } from '../../workshop/learner-repository';

const root = path.resolve(__dirname, '../..');
const text = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');

interface Instruction { keyword: string; args: string }
interface Stage { name: string; from: string; instructions: Instruction[] }

/** Stages and their instructions, with continuation lines joined and comments dropped. */
function parseDockerfile(source: string): Stage[] {
  const lines = source.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? '', name: m?.[2] ?? '', instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(text);
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  assert.ok(found, `stage ${name}`);
  return found;
};

test('the Dockerfile lints clean', () => {
  assert.deepEqual(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
});

test('it has build, production and development stages, and production runs compiled code as a non-root user', () => {
  assert.deepEqual(stages.map((s) => s.name), ['build', 'production', 'development']);
  const production = stage('production');
  const all = production.instructions.map((i) => `${i.keyword} ${i.args}`).join('\n');
  assert.match(all, /RUN .*npm ci --omit=dev/);
  assert.match(all, /^USER node$/m);
  assert.match(all, /^EXPOSE 8080$/m);
  assert.match(all, /PORT=8080/);
  assert.match(all, /BUILD_COMMIT=\$\{BUILD_COMMIT\}/, 'the git ref goes from a build arg into the reported version');
  assert.match(all, /^CMD .*dist\/\$\{PROCESS\}\/main\.js/m);
  assert.doesNotMatch(all, /COPY (app|finance-stub|tests) /, 'no TypeScript sources in the production image');
  const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['node_modules', 'dist', 'data', '.git']) assert.ok(ignored.includes(entry), `.dockerignore has ${entry}`);
});

/** The npm commands of a RUN line: the rest (apt-get, cache cleaning) concerns the image, not the app. */
const npmCommands = (run: string) => run.split('&&').map((c) => c.trim()).filter((c) => /^npm (ci|run)\b/.test(c));

function replay(name: string, folder: string, context: string, copyFrom: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage(name).instructions) {
    if (keyword === 'COPY') {
      const parts = args.split(/\s+/);
      const fromStage = parts[0]?.startsWith('--from=') ? parts.shift()?.slice('--from='.length) : undefined;
      const target = path.resolve(folder, parts.pop() ?? '.');
      const base = fromStage ? copyFrom[fromStage] : context;
      assert.ok(base, `COPY --from=${fromStage}`);
      const workdir = fromStage ? stage(fromStage).instructions.find((i) => i.keyword === 'WORKDIR')?.args ?? '/' : '/';
      for (const source of parts) {
        // an absolute path in another stage is under that stage's WORKDIR, which is our folder for it
        const from = path.join(base, fromStage ? path.relative(workdir, source) : source);
        const to = parts.length > 1 || target.endsWith('/') || fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, path.basename(source)) : target;
        fs.cpSync(from, to, { recursive: true });
      }
    } else if (keyword === 'RUN') {
      for (const command of npmCommands(args)) execSync(command, { cwd: folder, stdio: 'pipe', env: { ...process.env, ...env, NODE_ENV: env.NODE_ENV ?? '' } });
    } else if (keyword === 'ENV') {
      for (const m of args.matchAll(/(\w+)=(\S*)/g)) env[m[1] ?? ''] = m[2] ?? '';
    }
  }
  return env;
}

const work = makeTempDir('docker-replay');

// The build context is a learner's starting copy, written by the workshop generator: that is the
// image learners start from, and its own `npm ci` proves the copy installs and builds on its own.
test('the build, production and development stages, replayed in clean folders from a learner\'s starting copy, give images whose commands answer /healthz', { timeout: 600_000 }, async () => {
  const context = path.join(work, 'context');
  writeLearnerRepository({ root, out: context });
  const build = path.join(work, 'build');
  const production = path.join(work, 'production');
  fs.mkdirSync(build);
  fs.mkdirSync(production);
  replay('build', build, context, {});
  assert.ok(fs.existsSync(path.join(build, 'dist/app/main.js')), 'the build stage compiled the app');
  const env = replay('production', production, context, { build });
  assert.ok(!fs.existsSync(path.join(production, 'node_modules/typescript')), 'no dev dependencies in production');

  const cmd = stage('production').instructions.find((i) => i.keyword === 'CMD')?.args ?? '';
  const argv: string[] = JSON.parse(cmd);
  for (const processName of ['app', 'finance-stub']) {
    const port = await freePort();
    const child = spawn(argv[0] ?? 'sh', argv.slice(1), {
      cwd: production,
      env: { PATH: process.env.PATH, ...env, BUILD_COMMIT: 'replay', PROCESS: processName, PORT: String(port),
        DATABASE_FILE: path.join(work, `${processName}.db`), GENERATE_ORDERS: 'false', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, {
        deadlineMs: 20_000, what: () => `${processName} to answer /healthz; output:\n${output}`,
      });
      if (processName === 'app') assert.match(output, /version=0\.\d+\.\d+\+replay/, 'the build commit is in the reported version');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }

  // development is the build stage plus the whole copy: its `npm start` runs all three processes.
  const development = path.join(work, 'development');
  fs.cpSync(build, development, { recursive: true });
  const devEnv = replay('development', development, context, { build });
  const devArgv: string[] = JSON.parse(stage('development').instructions.find((i) => i.keyword === 'CMD')?.args ?? '[]');
  const [appPort, financePort, insightsPort] = [await freePort(), await freePort(), await freePort()];
  // its own process group, so stopping it stops npm, the shell and the three processes under it
  const child = spawn(devArgv[0] ?? 'npm', devArgv.slice(1), {
    cwd: development, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...devEnv, APP_PORT: String(appPort), FINANCE_PORT: String(financePort), INSIGHTS_PORT: String(insightsPort) },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    for (const port of [appPort, financePort, insightsPort]) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, {
        deadlineMs: 60_000, what: () => `the development image's npm start to answer /healthz on ${port}; output:\n${output}`,
      });
    }
  } finally {
    process.kill(-(child.pid ?? 0), 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});
