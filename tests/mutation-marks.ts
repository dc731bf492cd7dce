// npm run test:mutation:marks-lifted: what the `// Stryker disable` marks hide. A mark is a claim
// that no input can tell its mutants from the original; lifting every mark and running Stryker
// again shows, per module, the score as Stryker counts it (marked mutants left out) next to the
// score with every mark lifted, and how many marked mutants a test catches anyway.
//
//   node --import tsx tests/mutation-marks.ts            copy the tree with the marks lifted, run
//                                                        Stryker there in parts, then compare
//                                                        (about 3 h on 2 cores; run it again after a
//                                                        stop and it goes on from the next part)
//   node --import tsx tests/mutation-marks.ts --part N    only part N (1 the parser, 2 the engine's core,
//                                                        3 the rest), with the parts already done
//   node --import tsx tests/mutation-marks.ts REPORT… [--sources DIR]
//                                                        compare existing marks-lifted reports, one
//                                                        per part (DIR: a checkout of the commit
//                                                        they were made on)
//
// Lifting: in a copy of the tracked files, `Stryker disable` becomes `Stryker lifted!`, the same
// length, so every mutant keeps its line and column. Which mutants a mark hides is asked of
// Stryker's own instrumenter on the unchanged sources: the same code `stryker run` uses to
// decide what it ignores, so the two columns are counted from one run and one set of mutants.
// The first column is therefore Stryker's count reconstructed, not a second run: timeouts vary
// from run to run, and the type checker, which groups mutants, may judge a few differently.
//
// Why parts: Stryker writes its report only when a run ends, so a run stopped after two hours
// leaves nothing. Each part is a `stryker run --mutate …` of its own with its own report, kept
// with a digest of the sources it ran on (every tracked file: a test reads docs/telemetry.md, so a
// change anywhere runs every part again); a part already done on the same sources is not run again.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: ReportMutant[] }>;
}

const root = path.resolve(__dirname, '..');
const DETECTED = new Set(['Killed', 'Timeout']);
const TALLY: Record<string, keyof Tally> = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' };
const VALID = new Set(Object.keys(TALLY));
/** A mark, and what lifting makes of it: the same length, so no mutant moves. */
const MARK = 'Stryker disable';
const LIFTED = 'Stryker lifted!';

/**
 * A mutant's identity across the two runs: the same file, place, mutator and replacement. A change
 * to a switch's case takes in the comment above it, so a lifted mark in a replacement is read as
 * the mark it was.
 */
function keyOf(file: string, m: { mutatorName: string; replacement?: string; location: ReportMutant['location'] }): string {
  const { start, end } = m.location;
  const replacement = (m.replacement ?? '').replaceAll(LIFTED, MARK);
  return [file, m.mutatorName, `${start.line}:${start.column}-${end.line}:${end.column}`, replacement].join('|');
}

/** The mutants Stryker ignores in each file because of a mark, asked of its own instrumenter. */
export async function markedMutants(files: string[], projectRoot = root): Promise<Set<string>> {
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, fatal() {}, trace() {}, isDebugEnabled: () => false, isInfoEnabled: () => false, isWarnEnabled: () => false, isErrorEnabled: () => false, isFatalEnabled: () => false, isTraceEnabled: () => false };
  // Imported when needed: the instrumenter is an ES module whose regular-expression mutator
  // cannot be required from CommonJS.
  const { Instrumenter } = await import('@stryker-mutator/instrumenter');
  const instrumenter = new Instrumenter(quiet as never);
  const result = await instrumenter.instrument(
    files.map((name) => ({ name, content: fs.readFileSync(path.join(projectRoot, name), 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  const marked = new Set<string>();
  for (const api of result.mutants) {
    if (api.status !== 'Ignored') continue;
    // The report numbers lines and columns from 1; the instrumenter's API mutant from line 1, column 0.
    const location = { start: { line: api.location.start.line + 1, column: api.location.start.column + 1 }, end: { line: api.location.end.line + 1, column: api.location.end.column + 1 } };
    marked.add(keyOf(path.relative(projectRoot, path.resolve(projectRoot, api.fileName)), { mutatorName: api.mutatorName, replacement: api.replacement, location }));
  }
  return marked;
}

interface Tally { killed: number; timeout: number; survived: number; noCoverage: number }

export interface MarkRow {
  file: string;
  /** As Stryker counts it: marked mutants left out. */
  counted: { detected: number; valid: number } & Tally;
  /** Every mark lifted: the same run, marked mutants included. */
  lifted: { detected: number; valid: number };
  marked: number;
  markedCaught: number;
}

export interface Comparison {
  rows: MarkRow[];
  /** Marked mutants the lifted run threw out (the type checker refused them, or they failed to run). */
  thrownOut: number;
  /** Marked mutants the report does not hold at all: the sources changed since it was made. */
  missing: number;
}

export function compare(report: Report, marked: Set<string>): Comparison {
  let found = 0;
  let thrownOut = 0;
  const rows = Object.entries(report.files).map(([file, { mutants }]) => {
    const row: MarkRow = { file, counted: { detected: 0, valid: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0 }, lifted: { detected: 0, valid: 0 }, marked: 0, markedCaught: 0 };
    for (const m of mutants) {
      const isMarked = marked.has(keyOf(file, m));
      if (isMarked) found += 1;
      if (!VALID.has(m.status)) {
        if (isMarked) thrownOut += 1;
        continue;
      }
      const detected = DETECTED.has(m.status) ? 1 : 0;
      row.lifted.valid += 1;
      row.lifted.detected += detected;
      if (isMarked) {
        row.marked += 1;
        row.markedCaught += detected;
      } else {
        row.counted.valid += 1;
        row.counted.detected += detected;
        row.counted[TALLY[m.status]!] += 1;
      }
    }
    return row;
  }).sort((a, b) => a.file.localeCompare(b.file));
  return { rows, thrownOut, missing: marked.size - found };
}

const pct = (s: { detected: number; valid: number }) => (s.valid === 0 ? 'no mutant' : `${((100 * s.detected) / s.valid).toFixed(2)}%`);

export function formatMarks(rows: MarkRow[]): string {
  const lines = [
    '| module | killed | timed out | survived | no coverage | score as Stryker counts | marked | marked, caught when lifted | score with marks lifted |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const line = (name: string, r: MarkRow) =>
    `| ${name} | ${r.counted.killed} | ${r.counted.timeout} | ${r.counted.survived} | ${r.counted.noCoverage} | ${pct(r.counted)} | ${r.marked} | ${r.markedCaught} | ${pct(r.lifted)} |`;
  const total: MarkRow = { file: '', counted: { detected: 0, valid: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0 }, lifted: { detected: 0, valid: 0 }, marked: 0, markedCaught: 0 };
  for (const r of rows) {
    lines.push(line(`\`${r.file}\``, r));
    for (const k of ['detected', 'valid', 'killed', 'timeout', 'survived', 'noCoverage'] as const) total.counted[k] += r.counted[k];
    total.lifted.detected += r.lifted.detected;
    total.lifted.valid += r.lifted.valid;
    total.marked += r.marked;
    total.markedCaught += r.markedCaught;
  }
  lines.push(line('all modules', total));
  return lines.join('\n');
}

/**
 * The lifted run's parts. Most of the time goes to the modules that most test files run: the
 * parser alone, then the engine's core; the last part is everything else Stryker's configuration
 * mutates (its own patterns, the named files taken out).
 */
export const NAMED_PARTS: string[][] = [
  ['local-insights/kql/kusto-parser.ts'],
  ['local-insights/kql/engine.ts', 'local-insights/kql/aggregates.ts', 'local-insights/kql/scalar-functions.ts', 'local-insights/kql/values.ts', 'local-insights/kql/expressions.ts'],
];

/** Each part's `--mutate` patterns; together they mutate what `configured` does, each file once. */
export function partPatterns(configured: string[]): string[][] {
  // Each part goes to Stryker as one `--mutate` argument, which it splits at every comma.
  const withComma = configured.find((pattern) => pattern.includes(','));
  if (withComma) throw new Error(`stryker.config.json's mutate pattern ${withComma} holds a comma, which --mutate would split: write it as several patterns`);
  return [...NAMED_PARTS, [...configured, ...NAMED_PARTS.flat().map((file) => `!${file}`)]];
}

/** The parts' reports as one; a module in two reports means the parts overlapped, so it is refused. */
export function mergeReports(reports: Report[]): Report {
  const files: Report['files'] = {};
  for (const report of reports) {
    for (const [file, entry] of Object.entries(report.files)) {
      if (files[file]) throw new Error(`${file} is in two of the reports: give one report per part, each from the same run`);
      files[file] = entry;
    }
  }
  return { files };
}

/** A part is run again unless its report was made on sources with the same digest. */
export function partIsDone(reportFile: string, digest: string): boolean {
  const digestFile = `${reportFile}.sources`;
  return fs.existsSync(reportFile) && fs.existsSync(digestFile) && fs.readFileSync(digestFile, 'utf8').trim() === digest;
}

/** Copies the tracked files with every mark lifted; returns the digest of what it wrote. */
function copyLifted(copy: string): string {
  const hash = crypto.createHash('sha256');
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean).sort();
  for (const file of tracked) {
    const from = path.join(root, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    const to = path.join(copy, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const text = fs.readFileSync(from);
    const lifted = file.endsWith('.ts') ? Buffer.from(text.toString('utf8').replaceAll(MARK, LIFTED)) : text;
    fs.writeFileSync(to, lifted);
    hash.update(`${file}\0${lifted.length}\0`).update(lifted);
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  return hash.digest('hex');
}

/** Runs the parts not yet done on these sources (or only part `only`); returns the reports of the parts done. */
function liftedRun(only?: number): string[] {
  // Outside the project, so neither the type checker nor a later Stryker run copies it; a folder of
  // its own per run, so two runs of different parts can share the machine.
  const configured = (JSON.parse(fs.readFileSync(path.join(root, 'stryker.config.json'), 'utf8')) as { mutate: string[] }).mutate;
  const parts = partPatterns(configured);
  if (only !== undefined && !(only >= 1 && only <= parts.length)) throw new Error(`--part takes 1 to ${parts.length}`);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workshop-marks-lifted-'));
  try {
    const digest = copyLifted(copy);
    const keptDir = path.join(root, 'test-results', 'mutation', 'marks-lifted');
    fs.mkdirSync(keptDir, { recursive: true });
    const written = path.join(copy, 'test-results', 'mutation', 'mutation.json');
    const done: string[] = [];
    parts.forEach((patterns, i) => {
      const kept = path.join(keptDir, `part-${i + 1}.json`);
      if (partIsDone(kept, digest)) {
        console.log(`part ${i + 1} of ${parts.length}: kept from an earlier run on the same sources (${kept})`);
        done.push(kept);
        return;
      }
      if (only !== undefined && only !== i + 1) {
        console.log(`part ${i + 1} of ${parts.length}: not done on these sources; left out (run it with --part ${i + 1})`);
        return;
      }
      console.log(`part ${i + 1} of ${parts.length}: stryker run --mutate ${patterns.join(',')}`);
      // The old digest goes first: a stop between the two writes below must not pair it with a new report.
      fs.rmSync(`${kept}.sources`, { force: true });
      try {
        execFileSync('npx', ['stryker', 'run', '--mutate', patterns.join(',')], { cwd: copy, stdio: 'inherit' });
      } catch (error) {
        // Stryker exits 1 when the score is under `thresholds.break`, after writing its report; with
        // the marks lifted that is expected. No report means the run itself failed.
        if (!fs.existsSync(written)) throw error;
      }
      fs.copyFileSync(written, kept);
      fs.writeFileSync(`${kept}.sources`, `${digest}\n`);
      done.push(kept);
    });
    return done;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void (async () => {
    const args = process.argv.slice(2);
    const sourcesAt = args.indexOf('--sources');
    // The sources the reports were made from, when they have changed since (a checkout of that commit).
    const sources = sourcesAt >= 0 ? path.resolve(args[sourcesAt + 1] ?? '.') : root;
    const partAt = args.indexOf('--part');
    const only = partAt >= 0 ? Number(args[partAt + 1]) : undefined;
    const given = args.filter((a, i) => !a.startsWith('--') && (sourcesAt < 0 || i !== sourcesAt + 1) && (partAt < 0 || i !== partAt + 1));
    const reportFiles = given.length > 0 ? given : liftedRun(only);
    const report = mergeReports(reportFiles.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Report));
    const marked = await markedMutants(Object.keys(report.files), sources);
    const { rows, thrownOut, missing } = compare(report, marked);
    console.log(formatMarks(rows));
    console.log(`\n${marked.size} mutants marked in the sources: ${marked.size - thrownOut - missing} tested when lifted (the table's "marked"), ${thrownOut} thrown out when lifted (refused by the type checker, or failed to run), ${missing} not in the reports.`);
    if (missing > 0) console.log('Mutants missing from the reports mean the sources changed since they were made: give --sources DIR, a checkout of that commit.');
  })();
}
