// What the pipelines and docs build on: every image for App Service's platform, every supported
// Node.js line in CI with the active LTS as the default everywhere, and actions at their current
// majors (GitHub's runners no longer run Node 20 actions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n').filter((file) => file !== '' && fs.existsSync(path.join(root, file)));

/** Every `docker build` / `docker buildx build` command with its arguments, continuation lines joined. */
function dockerBuilds(text: string): string[] {
  return [...text.replace(/\\\n\s*/g, ' ').matchAll(/docker (?:buildx )?build((?:[ \t]+[^\s`]+)+)/g)].map((m) => m[0]);
}

test('every docker build in the docs and the pipelines builds for linux/amd64, what App Service runs', () => {
  // The tests are left out: they name commands to look for them.
  const files = tracked.filter((file) => !file.startsWith('tests/') && file !== 'package-lock.json' && !/\.(png|jpg|ico|db)$/.test(file));
  const builds = files.flatMap((file) => dockerBuilds(read(file)).map((command) => ({ file, command })));
  assert.ok(builds.length >= 8, `the builds were found: ${builds.map((b) => b.file).join(', ')}`);
  assert.deepEqual(builds.filter(({ command }) => !/ --platform[ =]linux\/amd64 /.test(command)), []);
  // GitHub's build action takes the platform as an input instead.
  const deploy = z.object({ jobs: z.record(z.string(), z.object({ steps: z.array(z.object({ uses: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() })) })) })
    .parse(parse(read('.github/workflows/deploy.yml')));
  const actions = Object.values(deploy.jobs).flatMap((job) => job.steps).filter((step) => step.uses?.startsWith('docker/build-push-action'));
  assert.deepEqual(actions.map((step) => step.with?.platforms), ['linux/amd64', 'linux/amd64']);
});

test('Node 26, the active LTS, is the default of the image, use-node.sh and the README; CI runs every supported line, 22, 24 and 26', () => {
  const ci = z.object({ jobs: z.object({
    test: z.object({ strategy: z.object({ matrix: z.object({ 'node-version': z.array(z.number()) }) }), steps: z.array(z.object({ uses: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() })) }),
    mutation: z.object({ steps: z.array(z.object({ uses: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() })) }),
  }) }).parse(parse(read('.github/workflows/ci.yml')));
  assert.deepEqual(ci.jobs.test.strategy.matrix['node-version'], [22, 24, 26]);
  assert.ok(ci.jobs.test.steps.some((step) => step.uses?.startsWith('actions/setup-node') && step.with?.['node-version'] === '${{ matrix.node-version }}'));
  assert.ok(ci.jobs.mutation.steps.some((step) => step.uses?.startsWith('actions/setup-node') && step.with?.['node-version'] === 26));
  const gitlab = z.object({ test: z.object({ parallel: z.object({ matrix: z.array(z.object({ NODE_VERSION: z.array(z.string()) })) }) }) }).parse(parse(read('.gitlab-ci.yml')));
  assert.deepEqual(gitlab.test.parallel.matrix[0]?.NODE_VERSION, ['22', '24', '26']);

  const dockerfile = read('Dockerfile');
  assert.match(dockerfile, /^ARG NODE_VERSION=26$/m);
  assert.deepEqual([...dockerfile.matchAll(/^FROM (node:\S+)/gm)].map((m) => m[1]), ['node:${NODE_VERSION}-trixie-slim', 'node:${NODE_VERSION}-trixie-slim']);
  assert.match(read('scripts/use-node.sh'), /^NODE_VERSION=26\.\d+\.\d+$/m);
  assert.match(read('README.md'), /On a machine with Node\.js 26 \(the active LTS; 24, or 22\.16 or later, works too\)/);
  // The oldest line the pipelines test is the oldest package.json accepts, and CI here installs its own.
  assert.equal(z.object({ engines: z.object({ node: z.string() }) }).parse(JSON.parse(read('package.json'))).engines.node, '>=22.16');
  assert.match(read('.ci/run'), /^source scripts\/use-node\.sh$/m);
});

// The current major of each action, from each action's own repository (its tags and `runs.using`
// in action.yml), read in 2026: every one runs on Node 24. Bump a line here with the workflow.
const CURRENT_MAJORS: Record<string, number> = {
  'actions/checkout': 7,
  'actions/setup-node': 7,
  'actions/upload-artifact': 7,
  'docker/setup-buildx-action': 4,
  'docker/login-action': 4,
  'docker/build-push-action': 7,
};

test('every action the workflows use is at its current major', () => {
  const uses = ['.github/workflows/ci.yml', '.github/workflows/deploy.yml']
    .flatMap((file) => [...read(file).matchAll(/uses: (\S+)@(\S+)/g)].map((m) => ({ file, action: m[1] ?? '', ref: m[2] ?? '' })));
  assert.ok(uses.length >= 10, 'the actions were found');
  assert.deepEqual(uses.filter(({ action, ref }) => ref !== `v${CURRENT_MAJORS[action] ?? '?'}`), []);
});
