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

test('an HTML comment is a marker opener too', () => {
  const html = [m('<!--', 'exceptions', 'solution', '-->'), '<p>{{ error }}</p>', m('<!--', 'exceptions', 'starter', '-->'), '<!-- <p>Error</p> -->', m('<!--', 'exceptions', 'end', '-->')].join('\n');
  assert.equal(parseMarkedFile(html, 'x.html').render(new Set()), '<p>Error</p>');
  assert.equal(parseMarkedFile(html, 'x.html').render(new Set(['exceptions'])), '<p>{{ error }}</p>');
});

test('lines that only look a little like markers are ordinary lines', () => {
  const text = ['function f(a): void {}', 'const kind = label(x): y;', '// see workshop/README.md for the marker syntax', 'workshop = 1;'].join('\n');
  const file = parseMarkedFile(text, 'x.ts');
  assert.equal(file.render(new Set()), text);
  assert.equal(file.exercises.size, 0);
});

test('a marker error is a MarkerError by name, so a stack trace says which kind of error it is', () => {
  assert.throws(() => parseMarkedFile(m('//', 'no-such', 'solution'), 'x.ts'), (error: unknown) => error instanceof MarkerError && error.name === 'MarkerError');
});

test('the error for a marker that is not a comment lists the comment openers that are accepted', () => {
  assert.throws(() => parseMarkedFile(`x = 1; ${m('//', 'timezone', 'solution')}`, 'x.ts'), /x\.ts:1: a marker must be a comment line of its own \(\/\/ # \/\* <!--\)/);
});

test('an end for another exercise than the open one is an error', () => {
  const text = [m('//', 'timezone', 'solution'), 'x', m('//', 'logging', 'end')].join('\n');
  assert.throws(() => parseMarkedFile(text, 'x.ts'), /x\.ts:3: workshop\(logging\): end without a matching workshop\(logging\): solution/);
});

test('blank and whitespace-only starter lines stay blank lines', () => {
  const text = [m('//', 'timezone', 'solution'), 'a();', m('//', 'timezone', 'starter'), '// b();', '', '   ', '// c();', m('//', 'timezone', 'end')].join('\n');
  assert.equal(parseMarkedFile(text, 'x.ts').render(new Set()), ['b();', '', '', 'c();'].join('\n'));
});

test('a starter line must be a comment from its first non-blank character', () => {
  for (const line of ['}', 'code(); // comment', 'x']) {
    const text = [m('//', 'timezone', 'solution'), 'a();', m('//', 'timezone', 'starter'), line, m('//', 'timezone', 'end')].join('\n');
    assert.throws(() => parseMarkedFile(text, 'x.ts'), /x\.ts:4: a starter line must be commented out with "\/\/"/, line);
  }
});

test('a starter line may have no space after its opener, or several that are kept as indentation', () => {
  const text = [m('//', 'timezone', 'solution'), 'a();', m('//', 'timezone', 'starter'), '//b();', '//   c();', '  //d();', m('//', 'timezone', 'end')].join('\n');
  assert.equal(parseMarkedFile(text, 'x.ts').render(new Set()), ['b();', '  c();', '  d();'].join('\n'));
});

test('with a closer, a starter line keeps its inner indentation, and trailing spaces after the closer or the marker do not matter', () => {
  const css = [`${m('/*', 'exceptions', 'solution', '*/')}  `, '.a { color: red; }', `${m('/*', 'exceptions', 'starter', '*/')}  `,
    '/*   .a { color: black; } */   ', '/* .b { color: blue; }   */', `${m('/*', 'exceptions', 'end', '*/')}  `].join('\n');
  assert.equal(parseMarkedFile(css, 'x.css').render(new Set()), ['  .a { color: black; }', '.b { color: blue; }'].join('\n'));
});

test('a starter line without the closer its marker uses is an error', () => {
  const css = [m('/*', 'exceptions', 'solution', '*/'), '.a {}', m('/*', 'exceptions', 'starter', '*/'), '/* .a { color: black; }', m('/*', 'exceptions', 'end', '*/')].join('\n');
  assert.throws(() => parseMarkedFile(css, 'x.css'), /x\.css:4: a starter line must end with "\*\/"/);
});
