// The pipelines run for real as far as this machine can take them: GitHub's own parser validates
// the workflows, and every shell step of both pipelines (and WORKSHOP.md's deploy by hand) runs
// under a real shell with the secrets Deployment Center really gives, against App Service's
// webhook on loopback. Only what cannot run here is stood in for: Docker, Alpine's apk, and npm
// where it would run this very test suite again; those stand-ins record what they were asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LAYERS, runLayer, testFilesOf, testsRan } from '../run-layer';
import { startAppServiceWebhook, type AppServiceWebhook } from '../helpers/app-service-webhook';
import { startWebhookReceiver } from '../helpers/alert-receivers';
import { makeStandIns } from '../helpers/command-stand-ins';
import { parseGitHubWorkflow, type GitHubContexts } from '../helpers/github-workflow';
import { runScript } from '../helpers/run-shell';
import { makeTempDir } from '../helpers/temp-dir';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const scripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(read('package.json'))).scripts;
const work = makeTempDir('pipelines');

// What Deployment Center shows as each Web App's *Webhook URL*: the site's deployment user is its
// name with a `$` in front, and the whole URL is the secret learners paste.
// Names carry the resource group's uniqueString (13 characters), as main.bicep names them.
const appSite = { user: '$orders-alice-k3mpq7xwz2ab4-app', password: 'q7RkV2mZpL0xW9sYt4NbC6dHf1JgUe8KaQo3TiXv5yMnPrSc2BwDlEh7GjA0' };
const financeSite = { user: '$orders-alice-k3mpq7xwz2ab4-finance', password: 'Zx4Lp9QwE2rT7yU1iO5aS8dF3gH6jK0lMnBvCx9ZqW2eR4tY7uI1oP5aS8dF' };
const commit = '3f9c2a7e8b1d4c6f0a5e9b2d7c1f4a8e6b3d0c95';
const dockerHub = { DOCKERHUB_USERNAME: 'alice', DOCKERHUB_TOKEN: 'dckr_pat_Q2x9-Lk3vT7_bWm1Zr8yH4nP0s' };

/** A fresh folder per run, with stand-ins first on PATH and nothing else from this machine's environment. */
function sandbox(name: string, commands: string[]) {
  const folder = fs.mkdtempSync(path.join(work, `${name}-`));
  const standIns = makeStandIns(folder, commands);
  const env = { PATH: `${standIns.bin}:${process.env.PATH ?? ''}`, HOME: folder, ...standIns.env };
  return { folder, standIns, env };
}

async function withReceivers<T>(run: (webhook: AppServiceWebhook, deployments: Awaited<ReturnType<typeof startWebhookReceiver>>) => Promise<T>): Promise<T> {
  const webhook = await startAppServiceWebhook([appSite, financeSite]);
  const deployments = await startWebhookReceiver();
  try {
    return await run(webhook, deployments);
  } finally {
    await webhook.close();
    await deployments.close();
  }
}

/** GitHub's runner: each `run:` step is a script file given to `bash --noprofile --norc -eo pipefail`. */
async function runGitHubJob(file: string, job: string, contexts: GitHubContexts, commands: string[], seen: () => unknown = () => [], printed: string[] = []) {
  const workflow = await parseGitHubWorkflow(path.join(root, file));
  assert.deepEqual(workflow.errors, [], `GitHub's parser accepts ${file}`);
  const { folder, standIns, env } = sandbox(`${path.basename(file, '.yml')}-${job}`, commands);
  for (const step of await workflow.runSteps(job, contexts)) {
    const run = await runScript(['bash', '--noprofile', '--norc', '-eo', 'pipefail'], step.script,
      { cwd: root, folder, env: { ...env, CI: 'true', GITHUB_SHA: contexts.github.sha ?? '', ...step.env } });
    assert.equal(run.code, 0, `${file}, step "${step.name}" failed:\n${run.output}\nthe webhook saw: ${JSON.stringify(seen())}`);
    printed.push(run.output);
  }
  return standIns.calls();
}

test('GitHub\'s own workflow parser accepts both workflows, and would refuse a broken one', async () => {
  for (const file of ['.github/workflows/ci.yml', '.github/workflows/deploy.yml']) {
    assert.deepEqual((await parseGitHubWorkflow(path.join(root, file))).errors, [], file);
  }
  const broken = path.join(work, 'broken.yml');
  fs.writeFileSync(broken, read('.github/workflows/ci.yml').replace('runs-on:', 'runs_on:'));
  assert.match((await parseGitHubWorkflow(broken)).errors.join('\n'), /runs_on/);
});

test('ci.yml\'s steps, run under bash, install, fetch the browser, typecheck, lint and run every test, each an npm script that exists', async () => {
  const calls = await runGitHubJob('.github/workflows/ci.yml', 'test', { secrets: {}, github: { sha: commit }, matrix: { 'node-version': 26 } }, ['npm', 'npx']);
  assert.deepEqual(calls, [['npm', 'ci'], ['npx', 'playwright', 'install', '--with-deps', 'chromium'],
    ['npm', 'run', 'typecheck'], ['npm', 'run', 'lint'], ['npm', 'test']]);
  for (const [, verb, name] of calls) if (verb === 'run') assert.ok(scripts[name ?? ''], `npm run ${name}`);
  const ci = z.object({ jobs: z.object({ test: z.object({ steps: z.array(z.object({ uses: z.string().optional() })) }) }) }).parse(parse(read('.github/workflows/ci.yml')));
  assert.ok(ci.jobs.test.steps.some((s) => s.uses?.startsWith('actions/upload-artifact')), 'the test artifacts are kept');
});

test('deploy.yml, run under bash with Deployment Center\'s webhook URLs as secrets, reaches both Web Apps as their deployment users and records the release', async () => {
  await withReceivers(async (webhook, deployments) => {
    const secrets = { ...dockerHub, AZURE_WEBHOOK: webhook.urlFor(appSite), AZURE_WEBHOOK_FINANCE: webhook.urlFor(financeSite), DEPLOYMENTS_URL: deployments.url() };
    await runGitHubJob('.github/workflows/deploy.yml', 'deploy', { secrets, github: { sha: commit } }, ['docker'], () => webhook.calls);
    assert.deepEqual(webhook.calls.map((c) => [c.method, c.path, c.user, c.status]), [
      ['POST', '/api/registry/webhook', appSite.user, 200],
      ['POST', '/api/registry/webhook', financeSite.user, 200],
    ]);
    assert.deepEqual(deployments.received.map((r) => r.body), [{ version: `0.1.0+${commit.slice(0, 12)}`, commit, environment: 'production' }]);
  });
});

test('deploy.yml without the finance package\'s webhook or a deployments URL calls the app\'s webhook alone, and still succeeds', async () => {
  await withReceivers(async (webhook, deployments) => {
    await runGitHubJob('.github/workflows/deploy.yml', 'deploy', { secrets: { ...dockerHub, AZURE_WEBHOOK: webhook.urlFor(appSite) }, github: { sha: commit } }, ['docker'], () => webhook.calls);
    assert.deepEqual(webhook.calls.map((c) => [c.user, c.status]), [[appSite.user, 200]]);
    assert.deepEqual(deployments.received, []);
  });
});

/** What a pipeline prints instead of calling the webhook, in a class where SCM basic auth is off. */
const restartInstead = /AZURE_WEBHOOK is not set.*restart your app.*az webapp restart/;

test('deploy.yml without AZURE_WEBHOOK (SCM basic auth off) says to restart the app instead, and still succeeds', async () => {
  await withReceivers(async (webhook) => {
    const printed: string[] = [];
    await runGitHubJob('.github/workflows/deploy.yml', 'deploy', { secrets: { ...dockerHub }, github: { sha: commit } }, ['docker'], () => webhook.calls, printed);
    assert.deepEqual(webhook.calls, []);
    assert.match(printed.join('\n'), restartInstead);
  });
});

test('deploy.yml builds and pushes the production image of both processes for linux/amd64, tagged latest and with the commit', () => {
  const Build = z.object({ uses: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
  const deploy = z.object({ jobs: z.object({ deploy: z.object({ steps: z.array(Build) }) }) }).parse(parse(read('.github/workflows/deploy.yml')));
  const steps = deploy.jobs.deploy.steps;
  const builds = steps.filter((s) => s.uses?.startsWith('docker/build-push-action'));
  assert.deepEqual(builds.map((b) => String(b.with?.['build-args']).match(/PROCESS=\S+/)?.[0]), [undefined, 'PROCESS=finance-stub']);
  for (const build of builds) {
    assert.deepEqual([build.with?.target, build.with?.push, build.with?.platforms], ['production', true, 'linux/amd64']);
    assert.match(String(build.with?.['build-args']), /BUILD_COMMIT=\$\{\{ github.sha \}\}/);
    assert.match(String(build.with?.tags), /:latest\n.*:\$\{\{ github.sha \}\}/);
  }
  const login = steps.find((s) => s.uses?.startsWith('docker/login-action'));
  assert.deepEqual(login?.with, { username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' });
});

const GitLabJob = z.object({
  stage: z.string(), image: z.string(), script: z.array(z.string()),
  services: z.array(z.string()).optional(),
  rules: z.array(z.object({ if: z.string() })).optional(),
  parallel: z.object({ matrix: z.array(z.record(z.string(), z.array(z.string()))) }).optional(),
});
const gitlab = z.object({ stages: z.array(z.string()), test: GitLabJob, deploy: GitLabJob }).parse(parse(read('.gitlab-ci.yml')));

/**
 * GitLab's runner: the job's script lines in one shell, stopping at the first that fails; its CI/CD
 * variables arrive as environment variables (with *Expand variable reference* off, as WORKSHOP.md
 * says, a `$` in a value stays a `$`). The shell is bash where the image has it, sh (Alpine's
 * docker image) where not.
 */
async function runGitLabJob(job: z.infer<typeof GitLabJob>, variables: Record<string, string>, commands: string[], printed: string[] = []) {
  const { folder, standIns, env } = sandbox('gitlab', commands);
  const shell = job.image.startsWith('docker:') ? ['sh', '-e'] : ['bash', '-eo', 'pipefail'];
  const run = await runScript(shell, `${job.script.join('\n')}\n`, { cwd: root, folder, env: { ...env, CI: 'true', ...variables } });
  assert.equal(run.code, 0, `the GitLab job failed:\n${run.output}`);
  printed.push(run.output);
  return standIns.calls();
}

test('.gitlab-ci.yml\'s deploy job, run with the same URLs as CI/CD variables, logs in, builds both images for linux/amd64, pushes them and reaches both Web Apps', async () => {
  assert.deepEqual(gitlab.stages, ['test', 'deploy']);
  assert.deepEqual(gitlab.deploy.rules, [{ if: '$CI_COMMIT_BRANCH == "main"' }]);
  await withReceivers(async (webhook, deployments) => {
    const calls = await runGitLabJob(gitlab.deploy, { ...dockerHub, CI_COMMIT_SHA: commit, CI_COMMIT_BRANCH: 'main',
      AZURE_WEBHOOK: webhook.urlFor(appSite), AZURE_WEBHOOK_FINANCE: webhook.urlFor(financeSite), DEPLOYMENTS_URL: deployments.url() }, ['docker', 'apk']);
    const docker = calls.filter(([command]) => command === 'docker').map((call) => call.slice(1));
    assert.deepEqual(docker.find(([verb]) => verb === 'login'), ['login', '-u', 'alice', '--password-stdin', `stdin=${dockerHub.DOCKERHUB_TOKEN}`]);
    const builds = docker.filter(([verb]) => verb === 'build').map((args) => args.join(' '));
    assert.equal(builds.length, 2);
    for (const build of builds) {
      assert.match(build, /--platform linux\/amd64 /);
      assert.match(build, new RegExp(`--target production --build-arg BUILD_COMMIT=${commit} `));
      assert.match(build, new RegExp(`-t alice/order-processing-(app|finance-package):latest -t alice/order-processing-\\1:${commit} \\.$`));
    }
    assert.match(builds[1] ?? '', /--build-arg PROCESS=finance-stub/);
    assert.deepEqual(docker.filter(([verb]) => verb === 'push'), [['push', '--all-tags', 'alice/order-processing-app'], ['push', '--all-tags', 'alice/order-processing-finance-package']]);
    assert.deepEqual(webhook.calls.map((c) => [c.user, c.status]), [[appSite.user, 200], [financeSite.user, 200]]);
    assert.deepEqual(deployments.received.map((r) => r.body), [{ version: `0.1.0+${commit.slice(0, 12)}`, commit, environment: 'production' }]);
  });
});

test('.gitlab-ci.yml\'s deploy job without AZURE_WEBHOOK (SCM basic auth off) says to restart the app instead, and still succeeds', async () => {
  await withReceivers(async (webhook) => {
    const printed: string[] = [];
    await runGitLabJob(gitlab.deploy, { ...dockerHub, CI_COMMIT_SHA: commit, CI_COMMIT_BRANCH: 'main' }, ['docker', 'apk'], printed);
    assert.deepEqual(webhook.calls, []);
    assert.match(printed.join('\n'), restartInstead);
  });
});

test('.gitlab-ci.yml\'s test job runs on every supported Node line and, under bash, installs, typechecks, lints and runs every test', async () => {
  const lines = gitlab.test.parallel?.matrix[0]?.NODE_VERSION ?? [];
  assert.deepEqual(lines, ['22', '24', '26']);
  assert.deepEqual(lines.map((line) => gitlab.test.image.replace('${NODE_VERSION}', line)), ['node:22-trixie', 'node:24-trixie', 'node:26-trixie']);
  const calls = await runGitLabJob(gitlab.test, { NODE_VERSION: '26' }, ['npm', 'npx']);
  assert.deepEqual(calls, [['npm', 'ci'], ['npx', 'playwright', 'install', '--with-deps', 'chromium'],
    ['npm', 'run', 'typecheck'], ['npm', 'run', 'lint'], ['npm', 'test']]);
});

test('WORKSHOP.md\'s deploy by hand, with the learner\'s own webhook URL pasted in, builds for linux/amd64 and reaches the Web App', async () => {
  const hint = /<summary>Hint: deploy by hand instead<\/summary>\s*```sh\n([\s\S]*?)```/.exec(read('WORKSHOP.md'))?.[1];
  assert.ok(hint, 'the hint and its commands');
  await withReceivers(async (webhook) => {
    const { folder, standIns, env } = sandbox('by-hand', ['docker']);
    const pasted = hint.replaceAll('<you>', 'alice').replaceAll('<webhook url>', webhook.urlFor(appSite));
    const run = await runScript(['bash', '-e'], pasted, { cwd: root, folder, env });
    assert.equal(run.code, 0, run.output);
    assert.match(standIns.calls().find(([, verb]) => verb === 'build')?.join(' ') ?? '', /--platform linux\/amd64 /);
    assert.deepEqual(webhook.calls.map((c) => [c.user, c.status]), [[appSite.user, 200]]);
  });
});

test('the npm scripts the pipelines call exist, and npm test runs every layer, each of which must fail', () => {
  for (const name of ['typecheck', 'lint', 'test', 'build', 'start']) assert.ok(scripts[name], name);
  // Parsed, not searched: every step is a plain `npm run`, joined by && only (no `|| true`, no `;`).
  assert.deepEqual(scripts.test?.split('&&').map((step) => step.trim()), [
    'npm run typecheck', 'npm run lint', ...['unit', 'integration', 'workshop', 'e2e', 'reliability', 'delivery'].map((layer) => `npm run test:${layer}`),
  ]);
  for (const layer of Object.keys(LAYERS)) assert.match(scripts[`test:${layer}`] ?? '', new RegExp(`^node --import tsx tests/run-layer\\.ts ${layer}(;|$)`), layer);
  assert.match(scripts['test:reliability'] ?? '', /; exit \$status$/, 'the reliability report never hides a failure');
  // Every test file of the repository belongs to a layer (the browser tests are Playwright's).
  const inLayers = new Set(Object.values(LAYERS).flatMap((layer) => testFilesOf(layer.folders)));
  const everywhere = testFilesOf(['app', 'platform', 'finance-stub', 'local-insights', 'scenarios', 'workshop', 'tests', 'scripts', 'bench']);
  assert.deepEqual(everywhere.filter((file) => !inLayers.has(file)), []);
});

test('a layer that finds no test, or whose files run none, fails', () => {
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const empty = fs.mkdtempSync(path.join(root, 'tmp', 'layer-'));
  try {
    fs.writeFileSync(path.join(empty, 'nothing.test.ts'), '// no test here\n');
    const folder = path.relative(root, empty);
    assert.equal(runLayer('none', { folders: [], oneAtATime: true }), 1);
    assert.equal(runLayer('zero', { folders: [folder], oneAtATime: true }), 1);
    assert.equal(testsRan('TAP version 13\n# tests 0\n# pass 0\n'), 0);
    assert.equal(testsRan('TAP version 13\n# tests 12\n'), 12);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('ci.yml runs the mutation tests in a job of their own, which fails when any module is below the threshold', async () => {
  const calls = await runGitHubJob('.github/workflows/ci.yml', 'mutation', { secrets: {}, github: { sha: commit } }, ['npm']);
  assert.deepEqual(calls, [['npm', 'ci'], ['npm', 'run', 'test:mutation']]);
  // Stryker's own limit judges the total; tests/mutation-scores.ts then judges each module (85 by default).
  assert.equal(scripts['test:mutation'], 'stryker run && node --import tsx tests/mutation-scores.ts');
  const config = JSON.parse(read('stryker.config.json')) as { thresholds: { break: number }; mutate: string[]; tap: { testFiles: string[] } };
  assert.equal(config.thresholds.break, 85);
  for (const pattern of config.mutate) {
    const plain = pattern.replace(/^!/, '');
    // A glob names a folder that exists; a plain path names a file that exists.
    const fixed = plain.includes('*') ? plain.slice(0, plain.indexOf('*')) : plain;
    assert.ok(fs.existsSync(path.join(root, fixed)), pattern);
  }
  assert.ok(config.mutate.includes('local-insights/kql/**/*.ts') && config.mutate.includes('!local-insights/kql/**/*.test.ts'), 'the KQL engine, not its tests');
  for (const file of config.tap.testFiles) assert.ok(fs.existsSync(path.join(root, file)), file);
  // Every unit test of the KQL engine is one Stryker runs against it, but the corpus: its hundreds of
  // queries would run again for every surviving engine mutant (docs/testing.md says so).
  const kqlTests = fs.readdirSync(path.join(root, 'local-insights/kql'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts')).map((f) => `local-insights/kql/${f.split(path.sep).join('/')}`);
  for (const file of kqlTests.filter((f) => f !== 'local-insights/kql/corpus/corpus.test.ts')) assert.ok(config.tap.testFiles.includes(file), `${file} is in tap.testFiles`);
  assert.ok(!config.tap.testFiles.includes('local-insights/kql/corpus/corpus.test.ts'));
  // Cheapest first, as a mutant stops at the first file that fails: the files needing Microsoft's parser come last.
  assert.ok(config.tap.testFiles.indexOf('local-insights/kql/re2.test.ts') < config.tap.testFiles.indexOf('local-insights/kql/re2-queries.test.ts'));
  assert.equal(config.tap.testFiles.at(-1), 'local-insights/kql.test.ts');
});

