// Kusto's string operators, which are not JavaScript's: `has` looks for whole terms, `contains`
// and `has` ignore case unless suffixed _cs, `==` is case-sensitive and `=~` is not.
import { fromRe2 } from './re2';

/** A term character. Kusto's docs: text is split into maximal sequences of ASCII alphanumeric characters. */
const isTermChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

/** `has`: `needle` occurs with a term boundary before and after it (where it starts or ends with a term character). */
export function hasTerm(haystack: string, needle: string, caseSensitive: boolean): boolean {
  if (needle === '') return true;
  const text = caseSensitive ? haystack : haystack.toLowerCase();
  const term = caseSensitive ? needle : needle.toLowerCase();
  for (let from = text.indexOf(term); from !== -1; from = text.indexOf(term, from + 1)) {
    const startOk = !isTermChar(term[0]) || !isTermChar(text[from - 1]);
    const endOk = !isTermChar(term[term.length - 1]) || !isTermChar(text[from + term.length]);
    if (startOk && endOk) return true;
  }
  return false;
}

/** `hasprefix` / `hassuffix`: a term of the text starts (ends) with `needle`. */
function hasAffix(haystack: string, needle: string, prefix: boolean): boolean {
  const text = haystack.toLowerCase();
  const part = needle.toLowerCase();
  for (let from = text.indexOf(part); from !== -1; from = text.indexOf(part, from + 1)) {
    if (prefix ? !isTermChar(text[from - 1]) : !isTermChar(text[from + part.length])) return true;
  }
  return false;
}

type StringTest = (left: string, right: string) => boolean;

const lower = (s: string): string => s.toLowerCase();

const POSITIVE: Record<string, StringTest> = {
  '==': (l, r) => l === r,
  '=~': (l, r) => lower(l) === lower(r),
  contains: (l, r) => lower(l).includes(lower(r)),
  contains_cs: (l, r) => l.includes(r),
  has: (l, r) => hasTerm(l, r, false),
  has_cs: (l, r) => hasTerm(l, r, true),
  hasprefix: (l, r) => hasAffix(l, r, true),
  hassuffix: (l, r) => hasAffix(l, r, false),
  startswith: (l, r) => lower(l).startsWith(lower(r)),
  startswith_cs: (l, r) => l.startsWith(r),
  endswith: (l, r) => lower(l).endsWith(lower(r)),
  endswith_cs: (l, r) => l.endsWith(r),
};

const NEGATED: Record<string, string> = {
  '!=': '==', '!~': '=~', '!contains': 'contains', '!contains_cs': 'contains_cs', '!has': 'has', '!has_cs': 'has_cs',
  '!hasprefix': 'hasprefix', '!hassuffix': 'hassuffix', '!startswith': 'startswith', '!startswith_cs': 'startswith_cs',
  '!endswith': 'endswith', '!endswith_cs': 'endswith_cs',
};

/** The test for a string operator, or undefined when `op` is not one. */
export function stringOperator(op: string): StringTest | undefined {
  const positive = POSITIVE[op];
  if (positive) return positive;
  const negated = NEGATED[op];
  const test = negated ? POSITIVE[negated] : undefined;
  return test ? (l, r) => !test(l, r) : undefined;
}

/** Kusto's regular expressions are RE2: read as one (re2.ts), then compiled by JavaScript's engine. */
export function compileRegex(pattern: string, at: number, onError: (message: string, at: number) => Error, flags = ''): RegExp {
  const read = fromRe2(pattern, flags);
  if ('refused' in read) throw onError(`the regular expression ${JSON.stringify(pattern)}: ${read.refused}`, at);
  try {
    return new RegExp(read.source, read.flags);
  } catch (error) {
    throw onError(`invalid regular expression ${JSON.stringify(pattern)}: ${error instanceof Error ? error.message : String(error)}`, at);
  }
}
