// npm run test:mutation, after Stryker: the mutation score of each module on its own. Stryker's
// `thresholds.break` judges only the total of all modules together, so a weak module could hide
// behind strong ones; this fails when any one module scores below the limit.
//
//   node --import tsx tests/mutation-scores.ts [test-results/mutation/mutation.json] [--min 85]
import fs from 'node:fs';
import path from 'node:path';

/** The part of Stryker's JSON report (mutation-testing-report-schema) this reads. */
export interface MutationReport {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

export interface ModuleScore {
  file: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Detected out of valid, as Stryker counts it; undefined when no mutant could be tested. */
  score: number | undefined;
}

/** Stryker's own formula: killed and timed-out mutants out of those that compiled and could run. */
export function scoresOf(report: MutationReport): ModuleScore[] {
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const count = (status: string) => mutants.filter((m) => m.status === status).length;
    const [killed, timeout, survived, noCoverage] = [count('Killed'), count('Timeout'), count('Survived'), count('NoCoverage')];
    const valid = killed + timeout + survived + noCoverage;
    return { file, killed, timeout, survived, noCoverage, score: valid === 0 ? undefined : (100 * (killed + timeout)) / valid };
  }).sort((a, b) => a.file.localeCompare(b.file));
}

/** The modules below the limit; a module with nothing to test (types only) is not one of them. */
export function belowLimit(scores: ModuleScore[], min: number): ModuleScore[] {
  return scores.filter((s) => s.score !== undefined && s.score < min);
}

export function formatTable(scores: ModuleScore[]): string {
  const lines = ['| module | killed | timeout | survived | no coverage | score |', '|---|---|---|---|---|---|'];
  for (const s of scores) {
    lines.push(`| \`${s.file}\` | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.score === undefined ? 'no mutant' : `${s.score.toFixed(2)}%`} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const minAt = args.indexOf('--min');
  const min = minAt >= 0 ? Number(args[minAt + 1]) : 85;
  const file = args.find((a, i) => !a.startsWith('--') && (minAt < 0 || i !== minAt + 1)) ?? 'test-results/mutation/mutation.json';
  if (!Number.isFinite(min)) {
    console.error('mutation-scores: --min takes a number, e.g. --min 85');
    process.exit(2);
  }
  if (!fs.existsSync(file)) {
    console.error(`mutation-scores: no report at ${path.resolve(file)}: run \`npx stryker run\` first`);
    process.exit(2);
  }
  const scores = scoresOf(JSON.parse(fs.readFileSync(file, 'utf8')) as MutationReport);
  console.log(formatTable(scores));
  const weak = belowLimit(scores, min);
  for (const s of weak) console.error(`mutation-scores: ${s.file} scores ${s.score?.toFixed(2)}%, below ${min}%: kill its survivors with a test, or explain them in docs/testing.md`);
  process.exit(weak.length === 0 ? 0 : 1);
}
