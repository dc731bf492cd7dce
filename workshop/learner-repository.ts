// Writes a learner's repository from this one: every file the workshop needs, with the marked
// exercises after `through` put back to their starting state (see markers.ts), and without what
// only the maintainers need (the tests prove the solution, so they would fail on a starter).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXERCISES, solvedThrough, type ExerciseId } from './exercises';
import { parseMarkedFile, type MarkedFile } from './markers';

/** Files that may hold markers, by ending. Markdown is left alone: WORKSHOP.md quotes code freely. */
const MARKED_ENDINGS = ['.ts', '.js', '.mjs', '.cjs', '.css', '.ejs', '.yml', '.yaml', '.sh', '.bicep', 'Dockerfile'];

/**
 * What a learner's copy leaves out: the solution's tests and benchmarks, this generator, the
 * instructor guide (it tells what every scenario shows), the instructor's class view, and the tools
 * only those use.
 */
const MAINTAINERS_ONLY = {
  folders: ['tests/', 'bench/', 'workshop/', '.ci/', 'docs/', 'class-view/'],
  files: ['.github/workflows/ci.yml', 'playwright.config.ts', 'README.md', 'INSTRUCTORS.md', 'stryker.config.json'],
  endings: ['.test.ts'],
  devDependencies: ['@actions/expressions', '@actions/workflow-parser', '@axe-core/playwright', '@playwright/test', '@stryker-mutator/core', '@stryker-mutator/tap-runner', '@stryker-mutator/typescript-checker', '@types/autocannon', 'autocannon', 'dockerfile-utils', 'jmespath', 'node-sql-parser', 'tree-sitter-bicep', 'tsx', 'web-tree-sitter', 'winston-transport', 'yaml'],
};

/**
 * Markdown is never rewritten by the exercise markers, but a passage that only makes sense in the
 * solution repository (a link to the instructor guide) is fenced by these lines and left out.
 */
const SOLUTION_ONLY = { open: '<!-- solution-repository-only -->', close: '<!-- end solution-repository-only -->' };

export const isMarkable = (file: string): boolean => MARKED_ENDINGS.some((ending) => file.endsWith(ending));

export function isForLearners(file: string): boolean {
  return (
    !MAINTAINERS_ONLY.folders.some((folder) => file.startsWith(folder)) &&
    !MAINTAINERS_ONLY.files.includes(file) &&
    !MAINTAINERS_ONLY.endings.some((ending) => file.endsWith(ending))
  );
}

/**
 * The repository's files, relative to `root`, with `/`: from git when this is a checkout (tracked,
 * or new and not ignored), otherwise (a download, a container without git) by walking the folder
 * and skipping what .gitignore names.
 */
export function repositoryFiles(root: string): string[] {
  let files: string[];
  try {
    const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
    });
    files = listing.split('\0').filter((file) => file !== '' && fs.existsSync(path.join(root, file)));
  } catch {
    files = walk(root, ignoredBy(path.join(root, '.gitignore')));
  }
  return [...new Set(files)].sort();
}

/**
 * The simple .gitignore forms this repository uses: `name/` or `name` (a folder or file anywhere)
 * and `*.ending`. Anything fancier is refused, so the walk can never copy what git would not.
 */
export function ignoredBy(gitignore: string): (name: string) => boolean {
  const lines = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8').split('\n') : [];
  const names = new Set<string>(['.git']);
  const endings: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^\*\.[\w.-]+$/.test(line)) endings.push(line.slice(1));
    else if (/^[\w.-]+\/?$/.test(line)) names.add(line.replace(/\/$/, ''));
    else throw new Error(`${gitignore}: "${line}" is more than a name or *.ending; run this from a git checkout instead`);
  }
  return (name) => names.has(name) || endings.some((ending) => name.endsWith(ending));
}

function walk(root: string, ignored: (name: string) => boolean, folder = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    if (ignored(entry.name)) continue;
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) files.push(...walk(root, ignored, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/** Every marked file of the repository, parsed (a malformed marker throws here, naming its line). */
export function markedFiles(root: string, files = repositoryFiles(root)): Map<string, MarkedFile> {
  const marked = new Map<string, MarkedFile>();
  for (const file of files.filter(isMarkable)) {
    const parsed = parseMarkedFile(fs.readFileSync(path.join(root, file), 'utf8'), file);
    if (parsed.exercises.size > 0) marked.set(file, parsed);
  }
  return marked;
}

const withoutKeys = (record: Record<string, string> | undefined, keys: string[]) =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));

export function learnerPackageJson(text: string): string {
  const manifest = JSON.parse(text) as { scripts: Record<string, string>; devDependencies?: Record<string, string> };
  const scripts = Object.entries(manifest.scripts).filter(([name]) => !/^(test|bench|workshop|class)\b/.test(name));
  // No test suite comes along (it checks the solution); `npm test` still checks that the code compiles and is tidy.
  manifest.scripts = { ...Object.fromEntries(scripts), test: 'npm run typecheck && npm run lint' };
  manifest.devDependencies = withoutKeys(manifest.devDependencies, MAINTAINERS_ONLY.devDependencies);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

interface LockedPackage {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * The lockfile without the maintainers' tools: the root no longer asks for them, and every package
 * nothing asks for any more is dropped, so `npm ci` in the copy installs exactly what it needs.
 * A dependency resolves as Node does: the nearest node_modules folder up from the package asking.
 */
export function learnerLockfile(text: string): string {
  const lock = JSON.parse(text) as { packages: Record<string, LockedPackage> };
  const root = lock.packages[''] ?? {};
  root.devDependencies = withoutKeys(root.devDependencies, MAINTAINERS_ONLY.devDependencies);
  const resolve = (from: string, name: string): string | undefined => {
    for (let base = from; ; base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '') {
      const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
      if (candidate in lock.packages) return candidate;
      if (base === '') return undefined;
    }
  };
  const needed = new Set<string>(['']);
  const pending = [''];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    const entry = lock.packages[at] ?? {};
    const names = [entry.dependencies, entry.optionalDependencies, entry.peerDependencies, at === '' ? entry.devDependencies : undefined]
      .flatMap((record) => Object.keys(record ?? {}));
    for (const name of names) {
      const found = resolve(at, name);
      if (found !== undefined && !needed.has(found)) {
        needed.add(found);
        pending.push(found);
      }
    }
  }
  lock.packages = Object.fromEntries(Object.entries(lock.packages).filter(([key]) => needed.has(key)));
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** tsconfig.json naming only folders the copy has (the tests and benchmarks stay behind). */
function learnerTsconfig(text: string, copied: (file: string) => boolean): string {
  const tsconfig = JSON.parse(text) as { include?: string[] };
  tsconfig.include = tsconfig.include?.filter(copied);
  return `${JSON.stringify(tsconfig, null, 2)}\n`;
}

/** Markdown without its solution-repository-only passages (see SOLUTION_ONLY). */
export function learnerMarkdown(text: string, file: string): string {
  const kept: string[] = [];
  let inside = false;
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === SOLUTION_ONLY.open || trimmed === SOLUTION_ONLY.close) {
      if ((trimmed === SOLUTION_ONLY.open) === inside) throw new Error(`${file}:${index + 1}: ${trimmed} does not match the line before it`);
      inside = !inside;
    } else if (!inside) {
      kept.push(line);
    }
  });
  if (inside) throw new Error(`${file}: ${SOLUTION_ONLY.open} is never closed`);
  return kept.join('\n');
}

function stageLine(through: ExerciseId | undefined): string {
  if (through === undefined) return 'This copy is at the start of the workshop: begin with part 1 of [WORKSHOP.md](WORKSHOP.md).';
  const index = EXERCISES.findIndex((exercise) => exercise.id === through);
  const next = EXERCISES[index + 1];
  const done = EXERCISES.slice(0, index + 1).map((exercise) => `${exercise.part} (${exercise.title})`);
  return (
    `This copy has the code of parts ${done.join(', ')} done already. ` +
    (next ? `Carry on after part ${EXERCISES[index]?.part} of [WORKSHOP.md](WORKSHOP.md).` : 'Every exercise is solved: it is the finished app.')
  );
}

export interface WriteOptions {
  root: string;
  out: string;
  through?: ExerciseId;
}

/** Writes the copy; returns the files written. Refuses a non-empty `out`, so nothing is overwritten. */
export function writeLearnerRepository({ root, out, through }: WriteOptions): string[] {
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
    throw new Error(`${out} is not empty: give --out a new or empty folder (nothing was written)`);
  }
  const solved = solvedThrough(through);
  const files = repositoryFiles(root);
  const marked = markedFiles(root, files);
  const learnerFiles = files.filter(isForLearners);
  const copied = (entry: string) => learnerFiles.some((file) => file === entry || file.startsWith(`${entry}/`));

  // Everything is worked out before anything is written, so a mistake in a marker writes nothing.
  const contents: Array<{ file: string; content: string | Buffer; mode: number }> = [];
  for (const file of learnerFiles) {
    const source = path.join(root, file);
    const { mode } = fs.statSync(source);
    const parsed = marked.get(file);
    const text = () => fs.readFileSync(source, 'utf8');
    let content: string | Buffer;
    if (file === 'package.json') content = learnerPackageJson(text());
    else if (file === 'package-lock.json') content = learnerLockfile(text());
    else if (file === 'tsconfig.json') content = learnerTsconfig(text(), copied);
    else if (file.endsWith('.md')) content = learnerMarkdown(text(), file);
    else content = parsed ? parsed.render(solved) : fs.readFileSync(source);
    // A file that only the starter has (or only the solution) is left out where it is empty.
    if (!parsed || String(content).trim() !== '') contents.push({ file, content, mode });
  }
  const readme = fs.readFileSync(path.join(root, 'workshop/learner-readme.md'), 'utf8').replace('<!-- stage -->', stageLine(through));
  contents.push({ file: 'README.md', content: readme, mode: 0o644 });

  const written: string[] = [];
  for (const { file, content, mode } of contents) {
    const target = path.join(out, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content, { mode });
    written.push(file);
  }
  return written.sort();
}

/**
 * A learner's copy that runs from where it is written, for tests and benchmarks: it borrows this
 * repository's node_modules (a link) instead of installing its own.
 */
export function writeRunnableCopy(root: string, out: string, through?: ExerciseId): string {
  writeLearnerRepository({ root, out, through });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  return out;
}
