// parse and parse-where: a text read into new columns by a pattern of string constants, columns and
// `*`, as Kusto's parse operator does it. The pattern becomes one regular expression, as Microsoft's
// docs describe (`* "a=" a:long` is `.*?a=(-?\d+)`): it matches from the start of the text, `*` and
// string columns match as little as they can, and a string column at the very end takes the rest.
//
// kind=simple (the default): constants are plain text; every column must read as its type, or the
//   whole row is unmatched. kind=regex: constants are regular expressions. kind=relaxed: a column that
//   does not read as its type is null and the others keep their values.
// An unmatched row gets null in every new column (empty text for a string); parse-where drops it.
import { type Column, type KType, KqlError, type Operator, type ParsePart, type Value } from '../ast';
import { compile } from '../expressions';
import { compileRegex } from '../string-operators';
import type { OperatorContext, Table } from '../table';
import { convert, emptyOf, parseJson, toKString } from '../values';

/** What a column of each type matches in simple and regex mode; the other types take any text and must convert. */
const TYPED_PATTERNS: Partial<Record<KType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?',
  decimal: '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?',
};

/** Flags Kusto takes in `flags=` that JavaScript's regular expressions share. U (ungreedy) has no equivalent. */
const SUPPORTED_FLAGS = new Set(['i', 'm', 's']);

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The pattern as one regular expression; the new columns are its named groups c0, c1 … in order. */
export function patternRegex(op: Operator & { kind: 'parse' }, at: number): RegExp {
  // Kusto's docs give flags to kind=regex only; whether Azure ignores them elsewhere is not known
  // here, so they are refused rather than answered one way or the other.
  if (op.flags !== '' && op.mode !== 'regex') {
    throw new KqlError(`parse flags=${op.flags} works only with kind=regex: write parse kind=regex flags=${op.flags} …, with the text as a regular expression`, at, 'NotSupported');
  }
  for (const flag of op.flags) {
    if (!SUPPORTED_FLAGS.has(flag)) throw new KqlError(`parse flags=${op.flags}: the flag ${flag} is not supported here (use i, m or s)`, at, 'NotSupported');
  }
  let column = 0;
  const source = op.pattern.map((part, index) => {
    switch (part.kind) {
      case 'skip': return '.*?';
      case 'text': return op.mode === 'regex' ? `(?:${part.text})` : escapeRegex(part.text);
      case 'column': {
        const last = index === op.pattern.length - 1;
        const typed = op.mode === 'relaxed' ? undefined : TYPED_PATTERNS[part.type];
        return `(?<c${column++}>${typed ?? (last ? '.*' : '.*?')})`;
      }
    }
  }).join('');
  return compileRegex(`^${source}`, at, (message) => new KqlError(`parse with this pattern: ${message}`, at), op.flags);
}

/** Text read as a column's type: null when it does not read as one. */
function readAs(text: string, type: KType): Value {
  if (type === 'dynamic') return parseJson(text, 'string');
  // Text converts the same whatever type it is said to come from, so Stryker's "" for 'string' is equivalent.
  // Stryker disable next-line StringLiteral: equivalent, see above
  return convert(text, 'string', type);
}

export function parse(input: Table, op: Operator & { kind: 'parse' }, { context }: OperatorContext, at: number): Table {
  const regex = patternRegex(op, at);
  const text = compile(op.text, { columns: input.columns, context });
  const targets = op.pattern.filter((part): part is ParsePart & { kind: 'column' } => part.kind === 'column');
  // A new column takes the place of an input column of the same name, as extend's does.
  const columns: Column[] = [...input.columns];
  const places = targets.map((target) => {
    const existing = columns.findIndex((c) => c.name === target.name);
    const place = existing === -1 ? columns.length : existing;
    columns[place] = { name: target.name, type: target.type };
    return place;
  });
  const unmatched = targets.map((target) => emptyOf(target.type));
  const rows: Value[][] = [];
  input.rows.forEach((row, i, all) => {
    const values = read(regex, toKString(text(row, i, all), op.text.type), targets, op.mode === 'relaxed') ?? (op.dropUnmatched ? null : unmatched);
    if (values === null) return;
    const out = [...row];
    places.forEach((place, k) => {
      out[place] = values[k] ?? null;
    });
    rows.push(out);
  });
  return { columns, rows };
}

/** The columns' values from one text, or null when the text does not match. */
function read(regex: RegExp, text: string, targets: Array<{ type: KType }>, relaxed: boolean): Value[] | null {
  const groups = regex.exec(text)?.groups;
  if (!groups) return null;
  const values: Value[] = [];
  for (const [k, target] of targets.entries()) {
    // Stryker disable next-line StringLiteral: unreachable, every group of a match takes part in it
    const value = readAs(groups[`c${k}`] ?? '', target.type);
    if (value === null && !relaxed) return null;
    values.push(value);
  }
  return values;
}
