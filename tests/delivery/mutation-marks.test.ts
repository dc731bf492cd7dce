import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/temp-dir';
import { compare, formatMarks, markedMutants } from '../mutation-marks';

// One mark on line 3, covering the comparison's EqualityOperator changes and nothing else.
const SOURCE = [
  'export function sign(a: number): number {',
  '  // Stryker disable next-line EqualityOperator: for the test',
  '  if (a > 0) return 1;',
  '  return a < 0 ? -1 : 0;',
  '}',
  '',
].join('\n');

const at = (line: number, from: number, to: number) => ({ start: { line, column: from }, end: { line, column: to } });

test("the marked mutants are the ones Stryker's instrumenter ignores, placed as its report places them", async () => {
  const dir = makeTempDir('mutation-marks');
  fs.writeFileSync(path.join(dir, 'sign.ts'), SOURCE);
  const marked = await markedMutants(['sign.ts'], dir);
  // `a > 0` runs from column 7 to 12 of line 3, counted from 1 as in Stryker's JSON report.
  assert.deepEqual([...marked].sort(), [
    'sign.ts|EqualityOperator|3:7-3:12|a <= 0',
    'sign.ts|EqualityOperator|3:7-3:12|a >= 0',
  ]);
});

test('the score as Stryker counts it leaves marked mutants out; lifted, they count, caught or not', () => {
  const marked = new Set(['sign.ts|EqualityOperator|3:7-3:12|a >= 0', 'sign.ts|EqualityOperator|3:7-3:12|a <= 0']);
  const report = {
    files: {
      'sign.ts': {
        mutants: [
          { mutatorName: 'EqualityOperator', replacement: 'a >= 0', location: at(3, 7, 12), status: 'Survived' },
          { mutatorName: 'EqualityOperator', replacement: 'a <= 0', location: at(3, 7, 12), status: 'Killed' },
          { mutatorName: 'EqualityOperator', replacement: 'a <= 0', location: at(4, 10, 15), status: 'Killed' },
          { mutatorName: 'ConditionalExpression', replacement: 'true', location: at(4, 10, 15), status: 'Timeout' },
          { mutatorName: 'ConditionalExpression', replacement: 'false', location: at(4, 10, 15), status: 'Survived' },
          { mutatorName: 'UnaryOperator', replacement: '+1', location: at(4, 18, 20), status: 'NoCoverage' },
          { mutatorName: 'BlockStatement', replacement: '{}', location: at(1, 41, 5), status: 'CompileError' },
        ],
      },
    },
  };
  const { rows, unmatched } = compare(report, marked);
  assert.equal(unmatched, 0);
  assert.deepEqual(rows[0], {
    file: 'sign.ts',
    counted: { detected: 2, valid: 4, killed: 1, timeout: 1, survived: 1, noCoverage: 1 },
    lifted: { detected: 3, valid: 6 },
    marked: 2,
    markedCaught: 1,
  });
  const table = formatMarks(rows);
  assert.match(table, /\| `sign\.ts` \| 1 \| 1 \| 1 \| 1 \| 50\.00% \| 2 \| 1 \| 50\.00% \|/);
  // A marked mutant the lifted run did not keep (it failed to compile) is reported, not lost.
  assert.equal(compare(report, new Set([...marked, 'sign.ts|BlockStatement|1:41-5:2|{}'])).unmatched, 1);
});
