// The plan of the house, enforced: each process (app, finance-stub, local-insights) imports only its
// own folder, the shared plumbing in platform/ and the scenario catalogue; never another process's
// folder. platform/ imports none of them, so everything it holds is everybody's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '..');

/** Which top-level folders each folder may import from, besides itself and npm packages. */
const MAY_IMPORT: Record<string, string[]> = {
  app: ['platform', 'scenarios'],
  'finance-stub': ['platform', 'scenarios'],
  'local-insights': ['platform', 'scenarios'],
  scenarios: [],
  platform: [],
};
/** Files at the top of the repository that code may read (the version comes from package.json). */
const TOP_LEVEL_FILES = ['package.json'];

const SPECIFIER = /(?:from\s+|import\(\s*|require\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The imports of one file that leave its folder for one it may not use. */
export function importViolations(file: string, text: string): string[] {
  const folder = file.split('/')[0] ?? '';
  // Tests beside the code may also use the shared test helpers.
  const allowed = new Set([folder, ...(MAY_IMPORT[folder] ?? []), ...(file.endsWith('.test.ts') ? ['tests'] : [])]);
  const violations: string[] = [];
  for (const [, specifier] of text.matchAll(SPECIFIER)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier ?? ''));
    const top = target.split('/')[0] ?? '';
    if (!allowed.has(top) && !TOP_LEVEL_FILES.includes(target)) violations.push(`${file} imports ${specifier} (${top}/)`);
  }
  return violations;
}

const sources = (folder: string): string[] =>
  fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js|cjs|mjs)$/.test(file))
    .map((file) => `${folder}/${file.split(path.sep).join('/')}`);

test('no process imports another process\'s folder, and platform/ imports none of them', () => {
  // (this file is left out: its examples of what is forbidden are strings, not imports)
  const files = Object.keys(MAY_IMPORT).flatMap(sources).filter((file) => file !== 'platform/boundaries.test.ts');
  assert.ok(files.length > 50, `the folders have their code: ${files.length} files`);
  assert.deepEqual(files.flatMap((file) => importViolations(file, fs.readFileSync(path.join(root, file), 'utf8'))), []);
});

test('the check sees a finance package reaching into the app, and platform reaching into any process', () => {
  assert.deepEqual(importViolations('finance-stub/server.ts', "import { AppError } from '../app/errors';"), ['finance-stub/server.ts imports ../app/errors (app/)']);
  assert.deepEqual(importViolations('platform/logger.ts', "const x = await import('../local-insights/config');"), ['platform/logger.ts imports ../local-insights/config (local-insights/)']);
  assert.deepEqual(importViolations('app/routes/x.ts', "import type { Clock } from '../../platform/clock';\nimport { scenarios } from '../../scenarios/catalog';"), []);
});
