// Kusto's regular expressions are RE2 (learn.microsoft.com/kusto/query/re2, and RE2's own syntax
// page); ours run on JavaScript's engine, without its u flag. Most patterns read the same in both.
// This reads an RE2 pattern once and either gives the JavaScript pattern that matches the same
// text, or says why not, as a clause the caller puts after the pattern:
// - what RE2 does not have (lookaround, backreferences, atomic groups, escapes such as \Z or \e) is
//   refused, as Azure refuses it;
// - what both have but spell or mean differently is translated: a leading `(?i)` (also m, s)
//   becomes a flag, `(?P<name>…)` a named group, `\A` and `\z` the start and end of the text, `.`
//   anything but a line feed (JavaScript's also stops at \r), `\s` RE2's five spaces, `\a` and
//   octal and `\x{…}` escapes their characters, a `]` first in a class a character;
// - what JavaScript cannot do the same way is refused as not supported here (`\p{L}`, POSIX classes,
//   `\Q…\E`, `\C`, `(?U)`, flags after the start or in a group).
// Left as they differ, and said in docs/telemetry.md: `.` and classes see a character outside the
// Basic Multilingual Plane (an emoji) as two, and `\S` inside a class keeps JavaScript's spaces.

export type Re2Reading = { source: string; flags: string } | { refused: string };

const RE2_LACKS = "is not in Kusto's regular expressions (RE2)";

/** Escapes RE2 and JavaScript read alike: classes, boundaries, control characters, hex. */
const SAME_OUTSIDE = new Set(['d', 'D', 'w', 'W', 'S', 'b', 'B', 'f', 'n', 'r', 't', 'v']);
const SAME_INSIDE = new Set(['d', 'D', 'w', 'W', 'S', 'f', 'n', 'r', 't', 'v']);
const RE2_SPACE = '\\t\\n\\f\\r ';

const charEscape = (code: number): string =>
  code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;

/** One escape at `pattern[at]` (the backslash): its JavaScript text and length, or a refusal. */
function readEscape(pattern: string, at: number, inClass: boolean): { text: string; length: number } | { refused: string } {
  const next = pattern[at + 1];
  if (next === undefined) return { refused: `it ends with a lone backslash` };
  if (/[0-7]/.test(next)) {
    const octal = /^[0-7]{1,3}/.exec(pattern.slice(at + 1))?.[0] ?? '';
    // RE2 reads \0 and two or three octal digits as a character; \1 to \7 alone would be a backreference.
    if (next !== '0' && octal.length === 1) return { refused: `the backreference \\${next} ${RE2_LACKS}` };
    return { text: charEscape(parseInt(octal, 8)), length: 1 + octal.length };
  }
  if (/[89]/.test(next)) return { refused: `the backreference \\${next} ${RE2_LACKS}` };
  if (next === 'x') {
    const braced = /^x\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(at + 1));
    if (braced) {
      const code = parseInt(braced[1] ?? '', 16);
      if (code > 0xffff) return { refused: `a character beyond \\x{FFFF} (\\x{${braced[1]}}) is not supported here` };
      return { text: charEscape(code), length: 1 + braced[0].length };
    }
    const plain = /^x[0-9a-fA-F]{2}/.exec(pattern.slice(at + 1));
    if (plain) return { text: `\\${plain[0]}`, length: 1 + plain[0].length };
    return { refused: `\\x must be followed by two hex digits or {…}` };
  }
  if (next === 'a') return { text: '\\x07', length: 2 };
  if (next === 's') return { text: inClass ? RE2_SPACE : `[${RE2_SPACE}]`, length: 2 };
  if (!inClass && next === 'A') return { text: '(?<![\\s\\S])', length: 2 };
  if (!inClass && next === 'z') return { text: '(?![\\s\\S])', length: 2 };
  if ('pP'.includes(next)) return { refused: `Unicode classes (\\${next}{…}) are not supported here` };
  if ('QC'.includes(next)) return { refused: `\\${next} is not supported here` };
  if (/[a-zA-Z]/.test(next)) {
    if (next === 'k') return { refused: `the backreference \\k<…> ${RE2_LACKS}` };
    if ((inClass ? SAME_INSIDE : SAME_OUTSIDE).has(next)) return { text: `\\${next}`, length: 2 };
    return { refused: `the escape \\${next}${inClass ? ' in a class' : ''} ${RE2_LACKS}` };
  }
  // Any other character escaped stands for itself in both.
  return { text: `\\${next}`, length: 2 };
}

export function fromRe2(pattern: string, given = ''): Re2Reading {
  // Flags given beside the pattern (parse's flags=) hold as if the pattern began with them.
  let flags = given;
  let at = 0;
  const leading = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]+))?\)/.exec(pattern);
  if (leading) {
    for (const flag of leading[1] ?? '') {
      if (!'ims'.includes(flag)) return { refused: `the flag (?${flag}) is not supported here (use i, m or s)` };
    }
    // Flags turned off at the start (`-s`) are off, whatever was given beside the pattern.
    const off = leading[2] ?? '';
    flags = [...flags + (leading[1] ?? '')].filter((flag) => !off.includes(flag)).join('');
    at = leading[0].length;
  }
  let source = '';
  let inClass = false;
  while (at < pattern.length) {
    const char = pattern[at] ?? '';
    const rest = pattern.slice(at);
    if (char === '\\') {
      const escape = readEscape(pattern, at, inClass);
      if ('refused' in escape) return escape;
      source += escape.text;
      at += escape.length;
      continue;
    }
    if (inClass) {
      if (/^\[:\^?[a-z]+:\]/.test(rest)) return { refused: 'POSIX classes such as [[:alpha:]] are not supported here: write the characters, e.g. [a-zA-Z]' };
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
      // A `]` first in a class is a character in RE2; JavaScript would end the class there.
      const opening = /^\[\^?\]/.exec(rest);
      if (opening) {
        source += `${opening[0].slice(0, -1)}\\]`;
        at += opening[0].length;
        continue;
      }
    } else if (char === '.' && !flags.includes('s')) {
      source += '[^\\n]';
      at += 1;
      continue;
    } else if (rest.startsWith('(?')) {
      const lookaround = /^\(\?<?[=!]/.exec(rest);
      if (lookaround) return { refused: `the lookaround ${lookaround[0]}…) ${RE2_LACKS}` };
      if (rest.startsWith('(?P=')) return { refused: `the backreference (?P=…) ${RE2_LACKS}` };
      if (rest.startsWith('(?>')) return { refused: `the atomic group (?>…) ${RE2_LACKS}` };
      if (rest.startsWith('(?P<')) {
        source += '(?<';
        at += 4;
        continue;
      }
      if (/^\(\?[a-zA-Z-]+[:)]/.test(rest)) return { refused: 'flags are supported here only at the very start of the pattern, as in (?i)abc' };
    }
    source += char;
    at += 1;
  }
  return { source, flags: [...new Set(flags)].join('') };
}
