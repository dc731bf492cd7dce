// Kusto's value rules in one place: conversions between types, equality and order, and how values
// are written out. Values are plain JS (see ast.ts); the static type says how to read a number.
import type { DynamicValue, KType, Value } from './ast';
import { parseDatetimeText, parseTimespanText } from './literals';

export const isNumeric = (type: KType): boolean => type === 'int' || type === 'long' || type === 'real' || type === 'decimal';

/** What a missing value is in each type: strings have no null in Kusto, they are empty. */
export const emptyOf = (type: KType): Value => (type === 'string' ? '' : null);

const pad = (n: number, width = 2): string => String(Math.trunc(n)).padStart(width, '0');

/** Kusto's datetime text: `2024-05-01T10:00:00Z`, with the fraction only when there is one. */
export function formatDatetime(ms: number): string {
  const date = new Date(Math.floor(ms));
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const ticks = Math.round((ms - Math.floor(ms / 1000) * 1000) * 10_000);
  return ticks === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${String(ticks).padStart(7, '0')}Z`;
}

/** Kusto's timespan text: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const ticks = Math.round((rest - s * 1000) * 10_000);
  return `${sign}${days > 0 ? `${days}.` : ''}${pad(h)}:${pad(m)}:${pad(s)}${ticks > 0 ? `.${String(ticks).padStart(7, '0')}` : ''}`;
}

/** tostring(): null is the empty string; dynamic arrays and bags are their JSON. */
export function toKString(value: Value, type: KType): string {
  if (value === null) return '';
  if (type === 'datetime' && typeof value === 'number') return formatDatetime(value);
  if (type === 'timespan' && typeof value === 'number') return formatTimespan(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A scalar as it sits inside a dynamic array or bag (make_list, make-series). */
export function toDynamic(value: Value, type: KType): DynamicValue {
  return value !== null && (type === 'datetime' || type === 'timespan') ? toKString(value, type) : value;
}

/** tobool(): null, and anything else it cannot read (a dynamic array or bag among them), is null. */
export function toBool(value: Value, type: KType): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return type === 'datetime' || type === 'timespan' ? null : value !== 0;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return null;
  }
  return null;
}

/** toreal(): null, and anything else it cannot read, is null. */
export function toReal(value: Value, type: KType): number | null {
  if (typeof value === 'number') return type === 'datetime' ? value * 10_000 + 621_355_968_000_000_000 : type === 'timespan' ? value * 10_000 : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** toint()/tolong(): real values are truncated towards zero, unreadable text is null. */
export function toInteger(value: Value, type: KType): number | null {
  const n = toReal(value, type);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

/** todatetime(): null, and anything else it cannot read, is null. */
export function toDatetime(value: Value, type: KType): number | null {
  if (type === 'datetime' && typeof value === 'number') return value;
  if (typeof value === 'string') return parseDatetimeText(value);
  if (typeof value === 'number' && (type === 'long' || type === 'dynamic')) return (value - 621_355_968_000_000_000) / 10_000;
  return null;
}

/** todynamic()/parse_json(): text that is JSON becomes its value; other text stays a string. */
export function parseJson(value: Value, type: KType): DynamicValue {
  if (type !== 'string' || typeof value !== 'string') return toDynamic(value, type);
  try {
    return JSON.parse(value) as DynamicValue;
  } catch {
    return value;
  }
}

/** A value converted to `type`, for comparing a dynamic (or a string "True") with a typed value. */
export function convert(value: Value, from: KType, to: KType): Value {
  // A shortcut, not a rule: converting a value to its own type gives it back unchanged anyway.
  // Stryker disable next-line ConditionalExpression: equivalent, see above
  if (from === to) return value;
  switch (to) {
    case 'string': return toKString(value, from);
    case 'bool': return toBool(value, from);
    case 'int': case 'long': return toInteger(value, from);
    case 'real': case 'decimal': return toReal(value, from);
    case 'datetime': return toDatetime(value, from);
    case 'timespan': return typeof value === 'number' ? value : typeof value === 'string' ? parseTimespanText(value) : null;
    case 'dynamic': return toDynamic(value, from);
    case 'guid': return typeof value === 'string' ? toGuid(value) : null;
  }
}

/**
 * toguid(): the first 32 hex digits, each hyphen of the usual 8-4-4-4-12 form optional, the rest of
 * the text ignored; written back in that form, small letters. Anything else is null.
 */
export function toGuid(text: string): string | null {
  const parts = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})/i.exec(text);
  return parts ? parts.slice(1).join('-').toLowerCase() : null;
}

/** The type two operands are compared in: Kusto lets a dynamic or a "True"/"False" string meet a typed value. */
export function commonType(left: KType, right: KType): KType {
  if (left === right) return left;
  if (left === 'dynamic') return right;
  if (left === 'bool' || right === 'bool') return 'bool';
  if (isNumeric(left) && isNumeric(right)) return 'real';
  if (right === 'string') return 'string';
  return left; // a dynamic right side, a string left side, and datetime against timespan
}

/** Order of two non-null values of one type: numbers by value, text by ordinal, anything else by its JSON (so false before true). */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

export function equalValues(a: Value, b: Value): boolean {
  // Dynamic arrays and bags are equal when their JSON is (a scalar's JSON never equals theirs).
  // Scalars need ===: JSON writes null, NaN and ±Infinity all as null, and NaN equals nothing
  // (IEEE 754, as in .NET).
  if (typeof a === 'object' && a !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** A value as the query API writes it in a row: datetimes and timespans as text, dynamic as JSON text. */
export function toWire(value: Value, type: KType): unknown {
  if (value === null) return null;
  if (type === 'datetime' || type === 'timespan') return toKString(value, type);
  if (type === 'dynamic') return typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A Map key for a tuple of values: distinct tuples give distinct keys (strings are length-prefixed), and it is cheaper than JSON. */
export function tupleKey(values: Value[]): string {
  // Only distinctness can be observed: a constant start, or a string, null or boolean sent down the
  // JSON branch, still gives distinct keys (just slower), so emptying those branches is equivalent.
  // Not so for numbers: JSON writes NaN and ±Infinity all as null.
  // (A mark covers a whole line, so only the BlockStatement changes are marked; the tests catch the
  // conditions sent the other way, and what survives is listed in docs/testing.md.)
  // Stryker disable next-line StringLiteral: equivalent, see above
  let key = '';
  // Each kind ends its turn with continue rather than else-if, because Stryker skips marks on an else-if.
  for (const v of values) {
    // Stryker disable next-line BlockStatement: equivalent, see above
    if (typeof v === 'string') {
      key += `s${v.length}:${v}`;
      continue;
    }
    if (typeof v === 'number') {
      key += `n${v};`;
      continue;
    }
    // Stryker disable next-line BlockStatement: equivalent, see above
    if (v === null) {
      key += 'z;';
      continue;
    }
    // Stryker disable next-line BlockStatement: equivalent, see above
    if (typeof v === 'boolean') {
      key += v ? 't;' : 'f;';
      continue;
    }
    const json = JSON.stringify(v);
    key += `j${json.length}:${json}`;
  }
  return key;
}
