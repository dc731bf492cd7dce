// The CI and deploy pipelines cannot run here; they are parsed and their promises checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LAYERS, runLayer, testFilesOf, testsRan } from '../run-layer';

const root = path.resolve(__dirname, '../..');
const load = (file: string): unknown => parse(fs.readFileSync(path.join(root, file), 'utf8'));
const scripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))).scripts;

const Step = z.object({ name: z.string().optional(), uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
const Workflow = z.object({ name: z.string(), on: z.unknown(), jobs: z.record(z.string(), z.object({ 'runs-on': z.string(), steps: z.array(Step) })) });

const runs = (workflow: z.infer<typeof Workflow>) => Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).join('\n');

test('ci.yml installs, typechecks, lints and runs every test with a browser, and keeps the artifacts', () => {
  const ci = Workflow.parse(load('.github/workflows/ci.yml'));
  const commands = runs(ci);
  for (const command of ['npm ci', 'npx playwright install --with-deps chromium', 'npm run typecheck', 'npm run lint', 'npm test']) {
    assert.ok(commands.includes(command), command);
  }
  assert.ok(Object.values(ci.jobs).some((j) => j.steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))));
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

test('ci.yml runs the mutation tests in a job of their own, which fails when any module is below the threshold', () => {
  const ci = Workflow.parse(load('.github/workflows/ci.yml'));
  assert.ok(ci.jobs.mutation?.steps.some((step) => step.run === 'npm run test:mutation'), 'a mutation job');
  // Stryker's own limit judges the total; tests/mutation-scores.ts then judges each module (85 by default).
  assert.equal(scripts['test:mutation'], 'stryker run && node --import tsx tests/mutation-scores.ts');
  const config = JSON.parse(fs.readFileSync(path.join(root, 'stryker.config.json'), 'utf8')) as { thresholds: { break: number }; mutate: string[]; tap: { testFiles: string[] } };
  assert.equal(config.thresholds.break, 85);
  for (const pattern of config.mutate) {
    const plain = pattern.replace(/^!/, '');
    // A glob names a folder that exists; a plain path names a file that exists.
    const fixed = plain.includes('*') ? plain.slice(0, plain.indexOf('*')) : plain;
    assert.ok(fs.existsSync(path.join(root, fixed)), pattern);
  }
  assert.ok(config.mutate.includes('local-insights/kql/**/*.ts') && config.mutate.includes('!local-insights/kql/**/*.test.ts'), 'the KQL engine, not its tests');
  for (const file of config.tap.testFiles) assert.ok(fs.existsSync(path.join(root, file)), file);
  // Every unit test of the KQL engine is one Stryker runs against it.
  const kqlTests = fs.readdirSync(path.join(root, 'local-insights/kql'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts')).map((f) => `local-insights/kql/${f.split(path.sep).join('/')}`);
  for (const file of kqlTests) assert.ok(config.tap.testFiles.includes(file), `${file} is in tap.testFiles`);
});

test('deploy.yml builds the production target for both processes, pushes to Docker Hub and calls the webhook', () => {
  const deploy = Workflow.parse(load('.github/workflows/deploy.yml'));
  const steps = Object.values(deploy.jobs).flatMap((j) => j.steps);
  const builds = steps.filter((s) => s.uses?.startsWith('docker/build-push-action'));
  assert.equal(builds.length, 2);
  for (const build of builds) {
    assert.equal(build.with?.target, 'production');
    assert.equal(build.with?.push, true);
    assert.match(String(build.with?.['build-args']), /BUILD_COMMIT=\$\{\{ github.sha \}\}/);
    assert.match(String(build.with?.tags), /\$\{\{ secrets.DOCKERHUB_USERNAME \}\}\//);
  }
  assert.match(String(builds[1]?.with?.['build-args']), /PROCESS=finance-stub/);
  const login = steps.find((s) => s.uses?.startsWith('docker/login-action'));
  assert.deepEqual(login?.with, { username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' });
  assert.match(runs(deploy), /curl .*"\$\{\{ secrets.AZURE_WEBHOOK \}\}"/);
});

test('.gitlab-ci.yml does the same: test on every push, build, push and call the webhook on main', () => {
  const gitlab = z.object({
    stages: z.array(z.string()),
    test: z.object({ stage: z.literal('test'), script: z.array(z.string()) }),
    deploy: z.object({ stage: z.literal('deploy'), script: z.array(z.string()), rules: z.array(z.object({ if: z.string() })) }),
  }).parse(load('.gitlab-ci.yml'));
  assert.deepEqual(gitlab.stages, ['test', 'deploy']);
  for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm test']) assert.ok(gitlab.test.script.includes(command), command);
  const deploy = gitlab.deploy.script.join('\n');
  assert.match(deploy, /docker login -u "\$DOCKERHUB_USERNAME" --password-stdin/);
  assert.match(deploy, /--target production --build-arg BUILD_COMMIT=\$CI_COMMIT_SHA/);
  assert.match(deploy, /PROCESS=finance-stub/);
  assert.match(deploy, /curl .*"\$AZURE_WEBHOOK"/);
  assert.match(gitlab.deploy.rules[0]?.if ?? '', /main/);
});

test('both pipelines test on Node 22 and 24, the Docker image runs 24, package.json accepts no older Node, and CI here installs its own', () => {
  // The test job runs the matrix; the mutation job, on the pure modules, needs only the image's Node.
  const ci = z.object({ jobs: z.object({ test: z.object({ strategy: z.object({ matrix: z.object({ 'node-version': z.array(z.number()) }) }), steps: z.array(Step) }) }) })
    .parse(load('.github/workflows/ci.yml'));
  assert.deepEqual(ci.jobs.test.strategy.matrix['node-version'], [22, 24]);
  assert.ok(ci.jobs.test.steps.some((step) => step.uses?.startsWith('actions/setup-node') && step.with?.['node-version'] === '${{ matrix.node-version }}'));
  const gitlab = z.object({ test: z.object({ image: z.string(), parallel: z.object({ matrix: z.array(z.object({ NODE_VERSION: z.array(z.string()) })) }) }) })
    .parse(load('.gitlab-ci.yml'));
  assert.equal(gitlab.test.image, 'node:${NODE_VERSION}-bookworm');
  assert.deepEqual(gitlab.test.parallel.matrix[0]?.NODE_VERSION, ['22', '24']);
  assert.match(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), /^ARG NODE_VERSION=24$/m);
  const engines = z.object({ engines: z.object({ node: z.string() }) }).parse(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))).engines;
  assert.equal(engines.node, '>=22.16');
  assert.match(fs.readFileSync(path.join(root, '.ci/run'), 'utf8'), /^source scripts\/use-node\.sh$/m);
});
