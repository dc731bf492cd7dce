import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ignoredBy, isForLearners, repositoryFiles } from './learner-repository';

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
  for (const file of ['app/main.ts', 'WORKSHOP.md', 'Dockerfile', '.github/workflows/deploy.yml', 'infra/main.bicep']) assert.ok(isForLearners(file), file);
  for (const file of ['tests/e2e/dashboard.spec.ts', 'bench/run.ts', 'workshop/markers.ts', '.ci/run', '.github/workflows/ci.yml', 'app/orders/lifecycle.test.ts', 'README.md']) {
    assert.ok(!isForLearners(file), file);
  }
});
