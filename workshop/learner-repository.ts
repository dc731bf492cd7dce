// Writes a learner's repository from this one: every file the workshop needs, with the marked
// exercises after `through` put back to their starting state (see markers.ts), and without what
// only the maintainers need (the tests prove the solution, so they would fail on a starter).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXERCISES, solvedThrough, type ExerciseId } from './exercises';
import { parseMarkedFile, type MarkedFile } from './markers';

/** Files that may hold markers, by ending. Markdown is left alone: WORKSHOP.md quotes code freely. */
const MARKED_ENDINGS = ['.ts', '.js', '.mjs', '.cjs', '.css', '.yml', '.yaml', '.sh', '.bicep', 'Dockerfile'];

/** What a learner's copy leaves out: the solution's tests and benchmarks, and this generator. */
const MAINTAINERS_ONLY = {
  folders: ['tests/', 'bench/', 'workshop/', '.ci/'],
  files: ['.github/workflows/ci.yml', 'playwright.config.ts', 'README.md'],
  endings: ['.test.ts'],
};

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

function learnerPackageJson(text: string): string {
  const manifest = JSON.parse(text) as { scripts: Record<string, string> };
  const scripts = Object.entries(manifest.scripts).filter(([name]) => !/^(test|bench|workshop)\b/.test(name));
  // No test suite comes along (it checks the solution); `npm test` still checks that the code compiles and is tidy.
  manifest.scripts = { ...Object.fromEntries(scripts), test: 'npm run typecheck && npm run lint' };
  return `${JSON.stringify(manifest, null, 2)}\n`;
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
  const marked = markedFiles(root, files); // parse everything before writing anything
  const written: string[] = [];
  const write = (file: string, content: string | Buffer, mode: number) => {
    const target = path.join(out, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content, { mode });
    written.push(file);
  };

  for (const file of files.filter(isForLearners)) {
    const source = path.join(root, file);
    const { mode } = fs.statSync(source);
    const parsed = marked.get(file);
    if (file === 'package.json') write(file, learnerPackageJson(fs.readFileSync(source, 'utf8')), mode);
    else if (!parsed) write(file, fs.readFileSync(source), mode);
    else {
      const text = parsed.render(solved);
      // A file that only the starter has (or only the solution) is left out where it is empty.
      if (text.trim() !== '') write(file, text, mode);
    }
  }
  const readme = fs.readFileSync(path.join(root, 'workshop/learner-readme.md'), 'utf8').replace('<!-- stage -->', stageLine(through));
  write('README.md', readme, 0o644);
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
