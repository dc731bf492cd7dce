import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ignoredBy, isForLearners, learnerLockfile, learnerMarkdown, learnerPackageJson, repositoryFiles } from './learner-repository';

const root = path.resolve(__dirname, '..');

test('outside git, the folder walk finds the same files as git ls-files', () => {
  // A copy of the working tree without .git: what a download or a container would have.
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-'));
  const fromGit = repositoryFiles(root);
  for (const file of fromGit) {
    fs.mkdirSync(path.dirname(path.join(plain, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(plain, file));
  }
  // and what .gitignore keeps out
  for (const junk of ['node_modules/x/index.js', 'dist/app/main.js', 'data/orders.db', 'orders.db-wal', 'tmp/a.txt']) {
    fs.mkdirSync(path.dirname(path.join(plain, junk)), { recursive: true });
    fs.writeFileSync(path.join(plain, junk), 'x');
  }
  try {
    assert.deepEqual(repositoryFiles(plain), fromGit);
  } finally {
    fs.rmSync(plain, { recursive: true, force: true });
  }
});

test('a .gitignore the walk cannot follow is refused, not half-followed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ignore-'));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n!keep.db\n');
  assert.throws(() => ignoredBy(path.join(dir, '.gitignore')), /"!keep\.db" is more than a name or \*\.ending/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('learners get the app, not the maintainers\' tests and tools', () => {
  for (const file of ['app/main.ts', 'WORKSHOP.md', 'Dockerfile', '.github/workflows/deploy.yml', 'infra/main.bicep', 'progress/parts.ts', 'scripts/progress.ts']) assert.ok(isForLearners(file), file);
  for (const file of ['tests/e2e/dashboard.spec.ts', 'bench/run.ts', 'workshop/markers.ts', '.ci/run', '.github/workflows/ci.yml', 'app/orders/lifecycle.test.ts', 'README.md', 'class-view/main.ts']) {
    assert.ok(!isForLearners(file), file);
  }
});

test('the learner\'s package.json keeps npm run progress and drops the instructor\'s npm run class, the tests and the benchmarks', () => {
  const scripts = (JSON.parse(learnerPackageJson(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))) as { scripts: Record<string, string> }).scripts;
  assert.ok('progress' in scripts && 'telemetry' in scripts && 'start' in scripts);
  assert.deepEqual(Object.keys(scripts).filter((name) => /^(class|bench|workshop|test:)/.test(name)), []);
});

test('the learner lockfile drops the maintainers\' tools and only what nothing else needs, resolving nested copies as Node does', () => {
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { express: '^5' }, devDependencies: { tsx: '^4', typescript: '5.9' } },
      'node_modules/express': { dependencies: { debug: '^4' } },
      'node_modules/debug': { dependencies: { ms: '^2' } },
      'node_modules/ms': {},
      'node_modules/typescript': {},
      'node_modules/tsx': { dependencies: { esbuild: '*', debug: '^3' } },
      'node_modules/tsx/node_modules/debug': { dependencies: { ms: '^2' } },
      'node_modules/esbuild': { optionalDependencies: { '@esbuild/linux-x64': '*' } },
      'node_modules/@esbuild/linux-x64': {},
    },
  };
  const pruned = JSON.parse(learnerLockfile(JSON.stringify(lock))) as typeof lock;
  assert.deepEqual(Object.keys(pruned.packages).sort(), ['', 'node_modules/debug', 'node_modules/express', 'node_modules/ms', 'node_modules/typescript']);
  assert.deepEqual(pruned.packages[''].devDependencies, { typescript: '5.9' });
});

test('Markdown loses its solution-repository-only passages, and an unbalanced fence is an error naming the line', () => {
  const text = 'a\n<!-- solution-repository-only -->\nsecret\n<!-- end solution-repository-only -->\nb';
  assert.equal(learnerMarkdown(text, 'W.md'), 'a\nb');
  assert.throws(() => learnerMarkdown('a\n<!-- solution-repository-only -->\nb', 'W.md'), /W\.md: .* is never closed/);
  assert.throws(() => learnerMarkdown('a\n<!-- end solution-repository-only -->', 'W.md'), /W\.md:2: /);
});
