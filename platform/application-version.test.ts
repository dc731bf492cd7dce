import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import packageJson from '../package.json';
import { applicationVersion, localBuildCommit } from './application-version';

/** A real git repository in a temporary folder, with one commit per call of `commit()`. */
function temporaryRepository() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'version-repo-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: folder, encoding: 'utf8' }).trim();
  git('init', '--quiet');
  let n = 0;
  return {
    folder,
    commit(): string {
      fs.writeFileSync(path.join(folder, 'change.txt'), String(++n));
      git('add', 'change.txt');
      git('-c', 'user.name=Learner', '-c', 'user.email=learner@example.com', 'commit', '--quiet', '-m', `change ${n}`);
      return git('rev-parse', 'HEAD');
    },
    remove: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

test('the version is the package version, plus the commit\'s first 12 characters when there is one', () => {
  assert.equal(applicationVersion(undefined), packageJson.version);
  assert.equal(applicationVersion('0123456789abcdef0123'), `${packageJson.version}+0123456789ab`);
});

test('locally, without BUILD_COMMIT, the commit is the checkout\'s own, so each new commit gives a new version', () => {
  const repository = temporaryRepository();
  try {
    const first = repository.commit();
    assert.equal(localBuildCommit({}, repository.folder), first);
    const second = repository.commit();
    assert.equal(localBuildCommit({}, repository.folder), second);
    assert.notEqual(applicationVersion(first), applicationVersion(second));
  } finally {
    repository.remove();
  }
});

test('BUILD_COMMIT, when set, wins over the checkout\'s commit', () => {
  const repository = temporaryRepository();
  try {
    repository.commit();
    assert.equal(localBuildCommit({ BUILD_COMMIT: 'feedfacecafe' }, repository.folder), 'feedfacecafe');
  } finally {
    repository.remove();
  }
});

test('outside a git checkout, in one with no commit yet, or without git at all, there is no commit and the version stays the package\'s', () => {
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'version-plain-'));
  const empty = temporaryRepository();
  try {
    assert.equal(localBuildCommit({}, plain), undefined);
    assert.equal(localBuildCommit({}, empty.folder), undefined);
    assert.equal(localBuildCommit({}, empty.folder, 'no-such-git-command'), undefined);
    assert.equal(applicationVersion(localBuildCommit({}, plain)), packageJson.version);
  } finally {
    fs.rmSync(plain, { recursive: true, force: true });
    empty.remove();
  }
});
