// Compiles one scalar expression of our AST into a function of a row. The analyser already typed
// every node, so the operator to apply is chosen once, here, not per row.
import { type Column, type Expr, type KType, KqlError, type Value } from './ast';
import { callFunction } from './scalar-functions';
import { compileRegex, stringOperator } from './string-operators';
import { commonType, compareValues, convert, equalValues, toBool, toKString } from './values';

/** A compiled expression: a row, its index and all rows (for prev/next after serialize or order by). */
export type Eval = (row: Value[], index: number, rows: Value[][]) => Value;

export interface EvalContext {
  /** now() for the whole query: one instant, however long the query runs. */
  now: number;
  variables: Map<string, { value: Value; type: KType }>;
}

export interface Scope {
  columns: Column[];
  context: EvalContext;
  /** Set only while compiling a join's `$left.a == $right.b`. */
  sides?: { left: Column[]; right: Column[] };
}

export function columnIndex(columns: Column[], name: string, at: number): number {
  const index = columns.findIndex((column) => column.name === name);
  if (index === -1) throw new KqlError(`column ${name} is not in the input here`, at);
  return index;
}

export function compile(expr: Expr, scope: Scope): Eval {
  switch (expr.kind) {
    case 'literal': {
      const value = expr.value;
      return () => value;
    }
    case 'column': {
      const index = columnIndex(scope.columns, expr.name, expr.at);
      return (row) => row[index] ?? null;
    }
    case 'variable': {
      const variable = scope.context.variables.get(expr.name);
      if (!variable) throw new KqlError(`${expr.name} is not a scalar value here`, expr.at);
      const value = convert(variable.value, variable.type, expr.type);
      return () => value;
    }
    case 'join-side':
      throw new KqlError('$left and $right are only supported in join … on', expr.at);
    case 'unary': {
      const operand = compile(expr.operand, scope);
      if (expr.op === '+') return operand;
      return (row, i, rows) => {
        const v = operand(row, i, rows);
        return typeof v === 'number' ? -v : null;
      };
    }
    case 'binary':
      return compileBinary(expr, scope);
    case 'in':
      return compileIn(expr, scope);
    case 'between': {
      const [left, low, high] = [expr.left, expr.low, expr.high].map((e) => compile(e, scope)) as [Eval, Eval, Eval];
      return (row, i, rows) => {
        const v = left(row, i, rows);
        const lo = low(row, i, rows);
        const hi = high(row, i, rows);
        if (v === null || lo === null || hi === null) return null;
        const inside = compareValues(v, lo) >= 0 && compareValues(v, hi) <= 0;
        return expr.negated ? !inside : inside;
      };
    }
    case 'member': {
      const target = compile(expr.target, scope);
      const key = compile(expr.key, scope);
      return (row, i, rows) => member(target(row, i, rows), key(row, i, rows));
    }
    case 'call':
      return callFunction(expr, expr.args.map((arg) => ({ expr: arg, type: arg.type, eval: arg.kind === 'type-name' || arg.kind === 'star' ? () => null : compile(arg, scope) })), scope);
    case 'star':
    case 'type-name':
      throw new KqlError('this expression is only supported as a function argument', expr.at);
  }
}

/** `bag.key`, `bag["key"]`, `array[0]`, `array[-1]`: a missing member is null, as in Kusto. */
function member(target: Value, key: Value): Value {
  if (target === null || typeof target !== 'object') return null;
  if (Array.isArray(target)) {
    if (typeof key !== 'number') return null;
    const index = key < 0 ? target.length + key : key;
    return target[index] ?? null;
  }
  return typeof key === 'string' ? target[key] ?? null : null;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const COMPARISON = new Set(['<', '<=', '>', '>=']);

function compileBinary(expr: Expr & { kind: 'binary' }, scope: Scope): Eval {
  const { op } = expr;
  const left = compile(expr.left, scope);
  const right = compile(expr.right, scope);
  const lt = expr.left.type;
  const rt = expr.right.type;
  if (op === 'and' || op === 'or') {
    return (row, i, rows) => {
      const l = toBool(left(row, i, rows), lt);
      if (op === 'and' && l === false) return false;
      if (op === 'or' && l === true) return true;
      const r = toBool(right(row, i, rows), rt);
      if (l === null || r === null) return op === 'and' ? (r === false ? false : null) : r === true ? true : null;
      return r;
    };
  }
  if (ARITHMETIC.has(op)) return arithmetic(op, left, right, expr.type, lt, rt, expr.at);
  const stringTest = stringOperator(op);
  if (stringTest && (op === '==' || op === '!=')) {
    // Kusto compares in the operands' common type: a "True"/"False" string with a bool, a dynamic with a scalar.
    const type = commonType(lt, rt);
    if (type !== 'string') {
      return (row, i, rows) => {
        const l = convert(left(row, i, rows), lt, type);
        const r = convert(right(row, i, rows), rt, type);
        // Kusto: null against a value is unequal (so `!=` keeps rows where the value is missing);
        // null against null is null.
        if (l === null && r === null) return null;
        if (l === null || r === null) return op === '!=';
        return op === '==' ? equalValues(l, r) : !equalValues(l, r);
      };
    }
  }
  if (stringTest) return (row, i, rows) => stringTest(toKString(left(row, i, rows), lt), toKString(right(row, i, rows), rt));
  if (COMPARISON.has(op)) {
    const type = commonType(lt, rt);
    return (row, i, rows) => {
      const l = convert(left(row, i, rows), lt, type);
      const r = convert(right(row, i, rows), rt, type);
      if (l === null || r === null) return null;
      const order = compareValues(l, r);
      return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
    };
  }
  if (op === 'matches regex') {
    let cached: { pattern: string; regex: RegExp } | null = null;
    return (row, i, rows) => {
      const pattern = toKString(right(row, i, rows), rt);
      if (cached?.pattern !== pattern) cached = { pattern, regex: compileRegex(pattern, expr.right.at, (m, at) => new KqlError(m, at)) };
      return cached.regex.test(toKString(left(row, i, rows), lt));
    };
  }
  throw new KqlError(`the operator ${op} is not supported here`, expr.at);
}

function arithmetic(op: string, left: Eval, right: Eval, type: KType, lt: KType, rt: KType, at: number): Eval {
  // Integer division and modulo truncate, as in Kusto (and C#); a real on either side makes it real.
  const integer = type === 'int' || type === 'long';
  const toNumber = (v: Value, t: KType): number | null => (typeof v === 'number' ? v : t === 'dynamic' ? Number(v) : null);
  return (row, i, rows) => {
    const l = toNumber(left(row, i, rows), lt);
    const r = toNumber(right(row, i, rows), rt);
    if (l === null || r === null || Number.isNaN(l) || Number.isNaN(r)) return null;
    switch (op) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/':
        if (integer) return r === 0 ? null : Math.trunc(l / r);
        // timespan / timespan is a real ratio; timespan / number stays a timespan: both are l / r in ms.
        return l / r;
      case '%':
        if (r === 0) return null;
        return integer ? Math.trunc(l % r) : l % r;
      default:
        throw new KqlError(`the operator ${op} is not supported here`, at);
    }
  };
}

function compileIn(expr: Expr & { kind: 'in' }, scope: Scope): Eval {
  const left = compile(expr.left, scope);
  const list = expr.list.map((e) => ({ eval: compile(e, scope), type: e.type }));
  const negated = expr.op.startsWith('!');
  const caseless = expr.op.endsWith('~');
  const lt = expr.left.type;
  return (row, i, rows) => {
    const value = left(row, i, rows);
    const found = list.some((item) => {
      const candidate = item.eval(row, i, rows);
      // A dynamic array in the list stands for its elements, as in Kusto.
      const candidates = Array.isArray(candidate) ? candidate : [candidate];
      return candidates.some((c) => {
        const type = commonType(lt, item.type); // a dynamic item takes the left side's type
        if (type === 'string' || caseless) {
          const l = toKString(value, lt);
          const r = toKString(c, item.type);
          return caseless ? l.toLowerCase() === r.toLowerCase() : l === r;
        }
        const l = convert(value, lt, type);
        const r = convert(c, item.type, type);
        return l !== null && r !== null && equalValues(l, r);
      });
    });
    return negated ? !found : found;
  };
}
