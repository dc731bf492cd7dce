import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/temp-dir';
import { execFileSync } from 'node:child_process';
import { compare, formatMarks, markedMutants, mergeReports, partIsDone, partPatterns } from '../mutation-marks';

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
  const { rows, thrownOut, missing } = compare(report, marked);
  assert.equal(thrownOut, 0);
  assert.equal(missing, 0);
  assert.deepEqual(rows[0], {
    file: 'sign.ts',
    counted: { detected: 2, valid: 4, killed: 1, timeout: 1, survived: 1, noCoverage: 1 },
    lifted: { detected: 3, valid: 6 },
    marked: 2,
    markedCaught: 1,
  });
  const table = formatMarks(rows);
  assert.match(table, /\| `sign\.ts` \| 1 \| 1 \| 1 \| 1 \| 50\.00% \| 2 \| 1 \| 50\.00% \|/);
  // A marked mutant the type checker threw out when lifted, and one the report does not hold
  // (the sources changed since), are each counted apart, not lost.
  const more = compare(report, new Set([...marked, 'sign.ts|BlockStatement|1:41-1:5|{}', 'sign.ts|BooleanLiteral|9:1-9:5|false']));
  assert.deepEqual([more.thrownOut, more.missing], [1, 1]);
  assert.deepEqual(more.rows, rows);
});

test("a mark before a switch's case is found in the lifted report, whose replacement holds the mark's comment lifted", async () => {
  // Stryker's change to a case takes in the comment above it, so the lifted run's replacement
  // reads "Stryker lifted!" where the instrumenter, on the unchanged source, reads "Stryker disable".
  const dir = makeTempDir('mutation-marks');
  fs.writeFileSync(path.join(dir, 'kind.ts'), [
    'export function kind(k: string): number {',
    '  switch (k) {',
    '    // Stryker disable next-line ConditionalExpression: for the test',
    "    case 'a': return 1;",
    '    default: return 0;',
    '  }',
    '}',
    '',
  ].join('\n'));
  const marked = await markedMutants(['kind.ts'], dir);
  const [key] = [...marked].filter((k) => k.startsWith('kind.ts|ConditionalExpression|4:'));
  assert.ok(key?.includes('Stryker disable'), `the case's change holds its comment: ${String(key)}`);
  const [file, mutatorName, place, replacement] = (key ?? '').split('|') as [string, string, string, string];
  const [from, to] = place.split('-').map((p) => p.split(':').map(Number)) as [[number, number], [number, number]];
  const lifted = { mutatorName, replacement: replacement.replaceAll('Stryker disable', 'Stryker lifted!'), location: { start: { line: from[0], column: from[1] }, end: { line: to[0], column: to[1] } }, status: 'Survived' };
  const { rows, missing } = compare({ files: { [file]: { mutants: [lifted] } } }, new Set([key ?? '']));
  assert.equal(missing, 0);
  assert.equal(rows[0]?.marked, 1);
});

/** The files `--mutate` patterns select, read as Stryker reads them: in order, `!` taking away. */
function selected(files: string[], patterns: string[]): Set<string> {
  const chosen = new Set<string>();
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    for (const file of files.filter((f) => path.matchesGlob(f, negated ? pattern.slice(1) : pattern))) {
      if (negated) chosen.delete(file);
      else chosen.add(file);
    }
  }
  return chosen;
}

test("the lifted run's parts mutate every file Stryker's configuration does, each in one part only", () => {
  const root = path.resolve(__dirname, '../..');
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const configured = (JSON.parse(fs.readFileSync(path.join(root, 'stryker.config.json'), 'utf8')) as { mutate: string[] }).mutate;
  const everything = selected(tracked, configured);
  // Each part reaches Stryker as one --mutate argument, split at commas.
  const parts = partPatterns(configured).map((patterns) => selected(tracked, patterns.join(',').split(',')));
  assert.throws(() => partPatterns(['**/*.{ts,tsx}']), /holds a comma/);
  for (const part of parts) assert.ok(part.size > 0, 'a part with nothing to mutate');
  const seen = parts.flatMap((part) => [...part]);
  assert.deepEqual(seen.slice().sort(), [...everything].sort(), 'the parts together are the configured set, no file twice');
  assert.equal(new Set(seen).size, seen.length);
});

test("the parts' reports merge into one; a module in two of them is refused", () => {
  const one = { files: { 'a.ts': { mutants: [] } } };
  const two = { files: { 'b.ts': { mutants: [] } } };
  assert.deepEqual(Object.keys(mergeReports([one, two]).files), ['a.ts', 'b.ts']);
  assert.throws(() => mergeReports([one, two, one]), /a\.ts is in two of the reports/);
});

test('a part is kept only when its report was made on sources with the same digest', () => {
  const dir = makeTempDir('mutation-parts');
  const report = path.join(dir, 'part-1.json');
  assert.equal(partIsDone(report, 'abc'), false, 'no report');
  fs.writeFileSync(report, '{"files":{}}');
  assert.equal(partIsDone(report, 'abc'), false, 'a report without its digest (a run stopped between the two writes)');
  fs.writeFileSync(`${report}.sources`, 'abc\n');
  assert.equal(partIsDone(report, 'abc'), true);
  assert.equal(partIsDone(report, 'abd'), false, 'the sources changed since');
});
