import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXERCISES, solvedThrough } from './exercises';
import { MarkerError, parseMarkedFile } from './markers';

// Marker lines are built here so that this file is not itself a marked file.
const m = (opener: string, id: string, keyword: string, closer = '') => `${opener} workshop(${id}): ${keyword}${closer ? ` ${closer}` : ''}`;

const source = [
  'const a = 1;',
  m('  //', 'timezone', 'solution'),
  '  const date = toLondon(placed);',
  m('  //', 'timezone', 'starter'),
  '  // const date = placed;',
  '  //',
  '  //   indented();',
  m('  //', 'timezone', 'end'),
  m('//', 'logging', 'solution'),
  'log(date);',
  m('//', 'logging', 'end'),
  'export { a };',
].join('\n');

test('an unsolved exercise shows the starter, uncommented, with its indentation', () => {
  const file = parseMarkedFile(source, 'x.ts');
  assert.equal(file.render(new Set()), ['const a = 1;', '  const date = placed;', '', '    indented();', 'export { a };'].join('\n'));
});

test('a solved exercise shows the solution and no marker or starter line', () => {
  const file = parseMarkedFile(source, 'x.ts');
  assert.equal(file.render(new Set(['timezone', 'logging'])), ['const a = 1;', '  const date = toLondon(placed);', 'log(date);', 'export { a };'].join('\n'));
  assert.equal(file.render(new Set(['logging'])), ['const a = 1;', '  const date = placed;', '', '    indented();', 'log(date);', 'export { a };'].join('\n'));
  assert.deepEqual([...file.exercises].sort(), ['logging', 'timezone']);
  assert.deepEqual(file.starterLines.get('timezone'), ['  const date = placed;', '', '    indented();']);
});

test('comment styles with a closer: CSS and HTML', () => {
  const css = [m('/*', 'exceptions', 'solution', '*/'), '.a { color: red; }', m('/*', 'exceptions', 'starter', '*/'), '/* .a { color: black; } */', m('/*', 'exceptions', 'end', '*/')].join('\n');
  assert.equal(parseMarkedFile(css, 'x.css').render(new Set()), '.a { color: black; }');
  const yml = [m('#', 'retries', 'solution'), 'a: 1', m('#', 'retries', 'starter'), '# a: 0', m('#', 'retries', 'end')].join('\n');
  assert.equal(parseMarkedFile(yml, 'x.yml').render(new Set()), 'a: 0');
});

test('malformed markers are errors naming the file and line', () => {
  const cases: Array<[string, RegExp]> = [
    [[m('//', 'timezone', 'solution'), 'x'].join('\n'), /x\.ts:1: workshop\(timezone\) is never closed/],
    [[m('//', 'no-such', 'solution')].join('\n'), /x\.ts:1: unknown exercise "no-such"/],
    [[m('//', 'timezone', 'solution'), m('//', 'logging', 'solution')].join('\n'), /x\.ts:2: .*blocks do not nest/],
    [[m('//', 'timezone', 'end')].join('\n'), /x\.ts:1: .*without a matching/],
    [[m('//', 'timezone', 'solution'), m('//', 'timezone', 'starter'), 'not commented', m('//', 'timezone', 'end')].join('\n'), /x\.ts:3: a starter line must be commented out/],
    [[m('//', 'timezone', 'begin')].join('\n'), /x\.ts:1: expected solution, starter or end/],
    [`const s = '${m('', 'timezone', 'solution').trim()}';`, /x\.ts:1: a marker must be a comment line of its own/],
    [[m('//', 'timezone', 'solution'), m('//', 'timezone', 'starter'), m('//', 'timezone', 'starter'), m('//', 'timezone', 'end')].join('\n'), /x\.ts:3: a second starter/],
  ];
  for (const [text, expected] of cases) {
    assert.throws(() => parseMarkedFile(text, 'x.ts'), (error: unknown) => error instanceof MarkerError && expected.test(error.message), text);
  }
});

test('--through solves that exercise and every one before it, in workshop order', () => {
  assert.deepEqual([...solvedThrough(undefined)], []);
  assert.deepEqual([...solvedThrough('timezone')], ['logging', 'timezone']);
  assert.equal(solvedThrough('queue-query').size, EXERCISES.length);
});
