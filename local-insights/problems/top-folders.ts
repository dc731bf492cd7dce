// The repository's top-level source folders (app, finance-stub, platform …), read from the
// checkout local-insights runs from, so a stack frame's path can be found in the repository
// without a list here to keep up to date. Build output, packages and data are not source.
import fs from 'node:fs';
import { projectRoot } from '../../platform/project-root';

const NOT_SOURCE = new Set(['dist', 'node_modules', 'data', 'test-results', 'playwright-report', 'coverage']);

export function repositoryTopFolders(root = projectRoot): ReadonlySet<string> {
  return new Set(fs.readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !NOT_SOURCE.has(entry.name))
    .map((entry) => entry.name));
}
