// Kusto's regular expressions are RE2 (learn.microsoft.com/kusto/query/re2); ours run on
// JavaScript's engine. Most patterns read the same in both. This reads an RE2 pattern once and
// either gives the JavaScript pattern that matches the same text, or says why not:
// - what RE2 does not have (lookaround, backreferences, atomic groups) is refused, as Azure refuses it;
// - RE2 syntax JavaScript spells differently is translated: a leading `(?i)` (also m, s) becomes a
//   flag, `(?P<name>…)` a named group, `\A` and `\z` the start and end of the text;
// - what JavaScript would silently read as something else (`\p{L}` without the u flag is the letter
//   p; `[[:alpha:]]` is a class of `[:alph`; `\Q…\E`, `\C`; `(?U)`) is refused as not supported here.

export type Re2Reading = { source: string; flags: string } | { refused: string };

const RE2_LACKS = "which Kusto's regular expressions (RE2) do not have";
const NOT_HERE = 'is not supported here';

export function fromRe2(pattern: string): Re2Reading {
  let flags = '';
  let at = 0;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (leading) {
    for (const flag of leading[1] ?? '') {
      if (!'ims'.includes(flag)) return { refused: `the flag (?${flag}) ${NOT_HERE} (use i, m or s)` };
    }
    flags = leading[1] ?? '';
    at = leading[0].length;
  }
  let source = '';
  let inClass = false;
  while (at < pattern.length) {
    const char = pattern[at] ?? '';
    const rest = pattern.slice(at);
    if (char === '\\') {
      const next = pattern[at + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[at + 2] === '<')) return { refused: `a backreference (\\${next}…), ${RE2_LACKS}` };
      if ('pP'.includes(next)) return { refused: `Unicode classes (\\${next}{…}) are not supported here` };
      if ('QC'.includes(next)) return { refused: `\\${next} ${NOT_HERE}` };
      if (!inClass && next === 'A') source += '(?<![\\s\\S])';
      else if (!inClass && next === 'z') source += '(?![\\s\\S])';
      else source += char + next;
      at += 2;
      continue;
    }
    if (inClass) {
      if (rest.startsWith('[:')) return { refused: 'POSIX classes such as [[:alpha:]] are not supported here: write the characters, e.g. [a-zA-Z]' };
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
    } else if (rest.startsWith('(?')) {
      if (/^\(\?(=|!|<=|<!)/.test(rest)) return { refused: `a lookaround (${/^\(\?<?[=!]/.exec(rest)?.[0]}…), ${RE2_LACKS}` };
      if (rest.startsWith('(?P=')) return { refused: `a backreference ((?P=…)), ${RE2_LACKS}` };
      if (rest.startsWith('(?>')) return { refused: `an atomic group ((?>…)), ${RE2_LACKS}` };
      if (rest.startsWith('(?P<')) {
        source += '(?<';
        at += 4;
        continue;
      }
      if (/^\(\?[a-zA-Z-]+\)/.test(rest)) return { refused: 'flags such as (?i) are supported only at the very start of the pattern here' };
    }
    source += char;
    at += 1;
  }
  return { source, flags };
}
