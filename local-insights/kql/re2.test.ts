// RE2 patterns as Azure's users write them, read for JavaScript's engine: the same matches, or a
// refusal that names what RE2 lacks (Azure refuses it too) or what is not supported here. The
// same patterns through KQL's operators are in re2-queries.test.ts (it needs Microsoft's parser,
// which takes seconds to load, so mutation testing runs this quick file first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRe2 } from './re2';

const compiled = (pattern: string): RegExp => {
  const read = fromRe2(pattern);
  if ('refused' in read) throw new Error(read.refused);
  return new RegExp(read.source, read.flags);
};
const refusal = (pattern: string): string => {
  const read = fromRe2(pattern);
  return 'refused' in read ? read.refused : `read as ${read.source}`;
};

test('patterns JavaScript reads the same way pass through unchanged', () => {
  for (const pattern of ['^pay(ment)?\\d{3}$', '[a-z]+@[^@]+\\.com', '(?:a|b)*c', '(?<code>\\d+)', '\\bword\\b', '[\\]x]', '(', '[[:]+', '\\x41\\t\\.']) {
    assert.deepEqual(fromRe2(pattern), { source: pattern, flags: '' }, pattern);
  }
});

test('RE2 spellings and meanings become their JavaScript equivalents', () => {
  assert.deepEqual(fromRe2('(?i)^error'), { source: '^error', flags: 'i' });
  assert.deepEqual(fromRe2('(?ms)a.b'), { source: 'a.b', flags: 'ms' });
  assert.deepEqual(fromRe2('(?i-s)abc'), { source: 'abc', flags: 'i' }, 'flags turned off at the start are off already');
  assert.equal(compiled('(?i)^error').test('ERROR: boom'), true);
  assert.equal(compiled('(?s)a.b').test('a\nb'), true);
  // RE2's . stops only at a line feed; JavaScript's also at \r.
  assert.deepEqual([compiled('a.b').test('a\nb'), compiled('a.b').test('a\rb')], [false, true]);
  // RE2's \s is five characters; JavaScript's also takes a no-break space and \v.
  assert.deepEqual([compiled('a\\sb').test('a\u00a0b'), compiled('a\\sb').test('a\tb'), compiled('[\\s,]+').exec('x \u00a0')?.[0]], [false, true, ' ']);
  assert.equal(compiled('(?P<code>\\d+)').exec('answered 503')?.groups?.code, '503');
  // \A and \z are the start and end of the whole text, even with (?m).
  assert.deepEqual([compiled('\\Aab').test('ab'), compiled('\\Aab').test('xab'), compiled('(?m)\\Aab').test('x\nab')], [true, false, false]);
  assert.deepEqual([compiled('ab\\z').test('ab'), compiled('ab\\z').test('ab\n'), compiled('(?m)ab\\z').test('ab\nx')], [true, false, false]);
  // Characters by code: \a is the bell, octal with \0 or two or three digits, \x{…} up to FFFF.
  assert.deepEqual([compiled('^\\a$').test('\x07'), compiled('^\\101\\0$').test('A\0'), compiled('^\\x{41}\\x{20AC}$').test('A€')], [true, true, true]);
  assert.equal(compiled('^\\x{41}$').test('x'.repeat(41)), false);
  // A ] first in a class is a character in RE2; JavaScript would read [] as an empty class.
  assert.deepEqual([compiled('[]a]+').exec('x]a]')?.[0], compiled('[^]a]+').exec(']]bc')?.[0]], [']a]', 'bc']);
});

test('what RE2 does not have is refused, saying so', () => {
  const lacks = "is not in Kusto's regular expressions (RE2)";
  assert.equal(refusal('error(?=:)'), `the lookaround (?=…) ${lacks}`);
  assert.equal(refusal('(?!x)y'), `the lookaround (?!…) ${lacks}`);
  assert.equal(refusal('(?<=a)b'), `the lookaround (?<=…) ${lacks}`);
  assert.equal(refusal('(?<!a)b'), `the lookaround (?<!…) ${lacks}`);
  assert.equal(refusal('(a)\\1'), `the backreference \\1 ${lacks}`);
  assert.equal(refusal('(a)\\8'), `the backreference \\8 ${lacks}`);
  assert.equal(refusal('(?<x>a)\\k<x>'), `the backreference \\k<…> ${lacks}`);
  assert.equal(refusal('(?P<x>a)(?P=x)'), `the backreference (?P=…) ${lacks}`);
  assert.equal(refusal('(?>a+)b'), `the atomic group (?>…) ${lacks}`);
  assert.equal(refusal('ab\\Z'), `the escape \\Z ${lacks}`);
  assert.equal(refusal('\\e'), `the escape \\e ${lacks}`);
  assert.equal(refusal('[\\A]'), `the escape \\A in a class ${lacks}`);
  assert.equal(refusal('[\\b]'), `the escape \\b in a class ${lacks}`);
  assert.equal(refusal('abc\\'), 'it ends with a lone backslash');
});

test('what JavaScript would read as something else is refused as not supported here', () => {
  assert.equal(refusal('\\p{L}+'), 'Unicode classes (\\p{…}) are not supported here');
  assert.equal(refusal('\\PL'), 'Unicode classes (\\P{…}) are not supported here');
  assert.equal(refusal('[[:alpha:]]+'), 'POSIX classes such as [[:alpha:]] are not supported here: write the characters, e.g. [a-zA-Z]');
  assert.equal(refusal('\\Qa.b\\E'), '\\Q is not supported here');
  assert.equal(refusal('\\x{1F600}'), 'a character beyond \\x{FFFF} (\\x{1F600}) is not supported here');
  assert.equal(refusal('(?U)a+'), 'the flag (?U) is not supported here (use i, m or s)');
  assert.equal(refusal('a(?i)b'), 'flags are supported here only at the very start of the pattern, as in (?i)abc');
  assert.equal(refusal('a(?i:b)c'), 'flags are supported here only at the very start of the pattern, as in (?i)abc');
});

test('every escape both engines read alike passes through, outside a class and in one', () => {
  const outside = '\\d\\D\\w\\W\\S\\b\\B\\f\\n\\r\\t\\v';
  assert.deepEqual(fromRe2(outside), { source: outside, flags: '' });
  const inside = '[\\d\\D\\w\\W\\S\\f\\n\\r\\t\\v]';
  assert.deepEqual(fromRe2(inside), { source: inside, flags: '' });
  assert.equal(refusal('[\\z]'), "the escape \\z in a class is not in Kusto's regular expressions (RE2)");
  assert.equal(refusal('[\\B]'), "the escape \\B in a class is not in Kusto's regular expressions (RE2)");
});

test('characters by code at the edges: octal of two and three digits, \\x{…} of one to six digits', () => {
  // \12 is a line feed (two octal digits), \1012 is A then 2 (three digits at most), \377 the last one-byte code.
  assert.deepEqual([compiled('^\\12$').test('\n'), compiled('^\\1012$').test('A2'), compiled('^\\377$').test('\u00ff')], [true, true, true]);
  assert.deepEqual([compiled('^\\x{9}$').test('\t'), compiled('^\\x{100}$').test('\u0100'), compiled('^\\x{20ac}$').test('€'), compiled('^\\x{FFFF}$').test('\uffff')], [true, true, true, true]);
  assert.equal(refusal('\\x{10FFFF}'), 'a character beyond \\x{FFFF} (\\x{10FFFF}) is not supported here');
  assert.equal(refusal('\\x{}'), '\\x must be followed by two hex digits or {…}');
  assert.equal(refusal('\\x4g'), '\\x must be followed by two hex digits or {…}');
  assert.equal(refusal('a\\9'), "the backreference \\9 is not in Kusto's regular expressions (RE2)");
  assert.equal(refusal('\\C'), '\\C is not supported here');
});

test('flags: several at the start, several turned off, and several in the middle refused', () => {
  assert.deepEqual(fromRe2('(?i-sm)abc'), { source: 'abc', flags: 'i' });
  assert.deepEqual(fromRe2('(?-s)a.c'), { source: 'a[^\\n]c', flags: '' });
  assert.equal(refusal('a(?im)b'), 'flags are supported here only at the very start of the pattern, as in (?i)abc');
  assert.equal(refusal('[[:^digit:]]'), 'POSIX classes such as [[:alpha:]] are not supported here: write the characters, e.g. [a-zA-Z]');
});

test('a class ends at its ], so what follows is read outside it again', () => {
  assert.deepEqual(fromRe2('[a].\\Ab'), { source: '[a][^\\n](?<![\\s\\S])b', flags: '' });
  assert.deepEqual(fromRe2('[a.].'), { source: '[a.][^\\n]', flags: '' }, 'a . inside a class stays a dot: the class lasts until its ]');
  assert.deepEqual(fromRe2('[]a](?=x)'), { refused: "the lookaround (?=…) is not in Kusto's regular expressions (RE2)" });
});

test('flags given beside the pattern (parse flags=) hold as a leading (?flags) does, and (?-s) turns one off', () => {
  assert.deepEqual(fromRe2('a.b', 's'), { source: 'a.b', flags: 's' });
  assert.deepEqual(fromRe2('a.b', ''), { source: 'a[^\\n]b', flags: '' });
  assert.deepEqual(fromRe2('(?i)a.b', 'si'), { source: 'a.b', flags: 'si' });
  assert.deepEqual(fromRe2('(?-s)a.b', 's'), { source: 'a[^\\n]b', flags: '' });
});
