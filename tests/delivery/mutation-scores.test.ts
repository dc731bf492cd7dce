import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/temp-dir';
import { belowLimit, scoresOf, type MutationReport } from '../mutation-scores';

const mutants = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));

// A strong module and a weak one whose total (86 of 100 = 86%) clears 85%: Stryker's own
// break limit passes this report; the per-module check must not.
const REPORT: MutationReport = {
  files: {
    'strong.ts': { mutants: mutants({ Killed: 76, Timeout: 2, Survived: 2, CompileError: 9, Ignored: 3 }) },
    'weak.ts': { mutants: mutants({ Killed: 8, Survived: 1, NoCoverage: 1 }) },
    'types-only.ts': { mutants: mutants({ CompileError: 4 }) },
  },
};

test('scores count killed and timed-out mutants out of the valid ones, as Stryker does', () => {
  const scores = scoresOf(REPORT);
  assert.deepEqual(scores.map((s) => [s.file, s.score]), [['strong.ts', 97.5], ['types-only.ts', undefined], ['weak.ts', 80]]);
});

test('a weak module is caught even when the total clears the limit', () => {
  assert.deepEqual(belowLimit(scoresOf(REPORT), 85).map((s) => s.file), ['weak.ts']);
  assert.deepEqual(belowLimit(scoresOf(REPORT), 80), []);
});

test('the command fails on a weak module and says what to do, and passes when all clear the limit', () => {
  const dir = makeTempDir('mutation-scores');
  const file = path.join(dir, 'mutation.json');
  fs.writeFileSync(file, JSON.stringify(REPORT));
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'mutation-scores.ts'), file, ...args], { encoding: 'utf8' });
  const failing = run();
  assert.equal(failing.status, 1);
  assert.match(failing.stderr, /weak\.ts scores 80\.00%, below 85%: kill its survivors/);
  assert.match(failing.stdout, /\| `strong\.ts` \| 76 \| 2 \| 2 \| 0 \| 97\.50% \|/);
  assert.equal(run('--min', '80').status, 0);
  const missing = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'mutation-scores.ts'), path.join(dir, 'none.json')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no report at .*none\.json: run `npx stryker run` first/);
});
