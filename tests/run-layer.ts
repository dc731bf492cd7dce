// npm run test:<layer>: runs one layer of the tests with Node's test runner, and fails when the
// layer finds no test file or runs no test at all (Node's runner passes an empty run; CI must not).
//
//   node --import tsx tests/run-layer.ts unit|integration|workshop|reliability|delivery
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** Where each layer's files are; the unit tests sit beside the code they test. */
export const LAYERS: Record<string, { folders: string[]; oneAtATime: boolean }> = {
  unit: { folders: ['app', 'platform', 'progress', 'class-view', 'finance-stub', 'local-insights', 'scenarios', 'workshop'], oneAtATime: false },
  integration: { folders: ['tests/integration'], oneAtATime: true },
  workshop: { folders: ['tests/workshop'], oneAtATime: true },
  reliability: { folders: ['tests/reliability'], oneAtATime: true },
  delivery: { folders: ['tests/delivery'], oneAtATime: true },
};

export function testFilesOf(folders: string[]): string[] {
  return folders.flatMap((folder) => fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(folder, file)))
    .sort();
}

/** The number of tests a TAP stream says ran: its `# tests N` line. */
export function testsRan(tap: string): number | undefined {
  const match = /^# tests (\d+)$/m.exec(tap);
  return match ? Number(match[1]) : undefined;
}

/** Runs the layer's tests; the exit code to leave with. */
export function runLayer(name: string, layer: { folders: string[]; oneAtATime: boolean }): number {
  const files = testFilesOf(layer.folders);
  if (files.length === 0) {
    console.error(`run-layer: the ${name} layer has no test file under ${layer.folders.join(', ')}: nothing was tested`);
    return 1;
  }
  const tap = path.join(root, 'test-results', `${name}.tap`);
  fs.mkdirSync(path.dirname(tap), { recursive: true });
  const run = spawnSync(process.execPath, [
    '--import', 'tsx', '--test', ...(layer.oneAtATime ? ['--test-concurrency=1'] : []),
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], { cwd: root, stdio: 'inherit' });
  const ran = testsRan(fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '');
  if (run.status === 0 && !ran) {
    console.error(`run-layer: the ${name} layer ran no test (${files.length} files): that is a failure, not a pass`);
    return 1;
  }
  return run.status ?? 1;
}

if (require.main === module) {
  const name = process.argv[2] ?? '';
  const layer = LAYERS[name];
  if (!layer) {
    console.error(`run-layer: no layer "${name}": choose one of ${Object.keys(LAYERS).join(', ')}`);
    process.exit(2);
  }
  process.exit(runLayer(name, layer));
}
