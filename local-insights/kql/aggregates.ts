// Aggregation functions for summarize and make-series. Each item becomes a factory of
// accumulators, one per group. As in Kusto, aggregates skip nulls, avg of integers is real,
// sum, stdev and variance of no value are 0 (Kusto's documented defaults), avg of none is NaN
// (0 / 0, as the docs' example shows), and count(predicate) (an overload the original workshop
// uses) means countif: the analyser's own table of aggregates lists it as a hidden, obsolete
// form of countif (Kusto.Language/Aggregates.cs). max and min skip NaN as they skip nulls: Kusto's
// sort operator puts NaN with the nulls, because NaN has no place in an order.
import { type Column, type Expr, type KType, KqlError, type Value } from './ast';
import { compile, type Eval, type Scope } from './expressions';
import { compareValues, toBool, toDynamic, toReal } from './values';

export interface Accumulator {
  add(row: Value[], index: number, rows: Value[][]): void;
  /** One value, or several for tuple results (percentiles, arg_max). */
  result(): Value[];
}

export type AccumulatorFactory = () => Accumulator;

type Call = Expr & { kind: 'call' };

export const AGGREGATES = new Set([
  'count', 'countif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'max', 'dcount', 'dcountif', 'percentile', 'percentiles',
  'arg_max', 'arg_min', 'make_list', 'make_set', 'any', 'take_any', 'stdev', 'variance',
]);

export function isAggregateCall(expr: Expr): expr is Call {
  return expr.kind === 'call' && AGGREGATES.has(expr.name);
}

/** How many output columns an aggregate gives: one, or the analyser's tuple width. */
export const widthOf = (expr: Expr): number => (expr.kind === 'call' && expr.columns.length > 0 ? expr.columns.length : 1);

/** Kusto's percentile over an exact sample: the nearest-rank value (an element of the data). */
function nearestRank(sorted: number[], percent: number): number | null {
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null; // null when there is no value
}

/** One summarize or make-series item: an aggregate call, or an expression over aggregates. */
export function aggregateFactory(expr: Expr, scope: Scope): AccumulatorFactory {
  return isAggregateCall(expr) ? callFactory(expr, scope) : overAggregates(expr, scope);
}

/** Where an aggregate's result sits in the row an expression over aggregates reads; no column name holds a NUL. */
const slotName = (k: number): string => `\u0000aggregate ${k}`;

/**
 * `100.0 * countif(p) / count()`, `round(avg(x), 1)`: as in Kusto, each aggregate is computed over
 * the group and the expression is evaluated once over their results. Its other leaves are constants
 * and let values: the analyser refuses a column outside an aggregate (KS236), a by key included, and
 * a tuple (percentiles, arg_max) inside an expression (KS106).
 */
function overAggregates(expr: Expr, scope: Scope): AccumulatorFactory {
  const leaves: Call[] = [];
  const outer = withSlots(expr, leaves);
  // The input's columns stay in scope behind the slots, so an aggregate this engine does not know
  // (hll(name)) reaches the scalar functions and is refused there by its name.
  const slots = leaves.map((leaf, k) => ({ name: slotName(k), type: leaf.type }));
  const evaluate = compile(outer, { ...scope, columns: [...slots, ...scope.columns] });
  if (leaves.length === 0) throw new KqlError('summarize needs an aggregation function in each item here (count(), sum(), avg() …)', expr.at);
  const factories = leaves.map((leaf) => callFactory(leaf, scope));
  return () => {
    const parts = factories.map((make) => make());
    return {
      add: (row, i, rows) => {
        for (const part of parts) part.add(row, i, rows);
      },
      result: () => [evaluate(parts.map((part) => part.result()[0] ?? null), 0, [])],
    };
  };
}

/** `expr` with each aggregate call replaced by a column naming its slot; the calls are appended to `leaves`. */
function withSlots(expr: Expr, leaves: Call[]): Expr {
  const swap = (e: Expr): Expr => withSlots(e, leaves);
  if (expr.kind === 'call' && AGGREGATES.has(expr.name)) {
    leaves.push(expr);
    return { kind: 'column', name: slotName(leaves.length - 1), type: expr.type, at: expr.at };
  }
  switch (expr.kind) {
    case 'binary': return { ...expr, left: swap(expr.left), right: swap(expr.right) };
    case 'unary': return { ...expr, operand: swap(expr.operand) };
    case 'call': return { ...expr, args: expr.args.map(swap) };
    case 'member': return { ...expr, target: swap(expr.target), key: swap(expr.key) };
    case 'in': return { ...expr, left: swap(expr.left), list: expr.list.map(swap) };
    case 'between': return { ...expr, left: swap(expr.left), low: swap(expr.low), high: swap(expr.high) };
    default: return expr; // a literal, a let value, or a column inside an aggregate this engine does not know
  }
}

function callFactory(call: Call, scope: Scope): AccumulatorFactory {
  const arg = (k: number): Eval => {
    const e = call.args[k];
    if (!e) throw new KqlError(`${call.name}() needs argument ${k + 1}`, call.at);
    return compile(e, scope);
  };
  const argType = (k: number): KType => call.args[k]?.type ?? 'dynamic';
  const predicate = (k: number): ((row: Value[], i: number, rows: Value[][]) => boolean) => {
    const test = arg(k);
    const type = argType(k);
    return (row, i, rows) => toBool(test(row, i, rows), type) === true;
  };
  const numbers = (k: number, when?: (row: Value[], i: number, rows: Value[][]) => boolean) => {
    const value = arg(k);
    const type = argType(k);
    return (collect: (n: number) => void) => (row: Value[], i: number, rows: Value[][]) => {
      if (when && !when(row, i, rows)) return;
      const n = toReal(value(row, i, rows), type);
      if (n !== null && !Number.isNaN(n)) collect(n);
    };
  };

  switch (call.name) {
    case 'count':
      if (call.args.length === 0) return counter(() => true);
      return counter(predicate(0));
    case 'countif':
      return counter(predicate(0));
    case 'sum': case 'sumif': {
      const feed = numbers(0, call.name === 'sumif' ? predicate(1) : undefined);
      return () => {
        let total = 0;
        return { add: feed((n) => { total += n; }), result: () => [total] };
      };
    }
    case 'avg': case 'avgif': {
      const feed = numbers(0, call.name === 'avgif' ? predicate(1) : undefined);
      return () => {
        let total = 0;
        let count = 0;
        return { add: feed((n) => { total += n; count += 1; }), result: () => [total / count] }; // over no values 0 / 0 is NaN, as in Kusto
      };
    }
    case 'stdev': case 'variance': {
      const feed = numbers(0);
      return () => {
        const values: number[] = [];
        return { add: feed((n) => values.push(n)), result: () => {
          if (values.length < 2) return [0];
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1); // sample, as Kusto
          return [call.name === 'stdev' ? Math.sqrt(variance) : variance];
        } };
      };
    }
    case 'min': case 'max': {
      const value = arg(0);
      const sign = call.name === 'min' ? -1 : 1;
      return () => {
        let best: Value = null;
        return {
          add: (row, i, rows) => {
            const v = value(row, i, rows);
            if (v === null || v === '' || Number.isNaN(v)) return;
            // Among equal values the first is kept; keeping a later equal one would give the same value,
            // so Stryker's `>=` (and `sign / …`) here are equivalent.
            // Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent, see above
            if (best === null || sign * compareValues(v, best) > 0) best = v;
          },
          result: () => [best],
        };
      };
    }
    case 'dcount': case 'dcountif': {
      const value = arg(0);
      const when = call.name === 'dcountif' ? predicate(1) : null;
      return () => {
        const seen = new Set<string>();
        return {
          add: (row, i, rows) => {
            if (when && !when(row, i, rows)) return;
            const v = value(row, i, rows);
            if (v !== null) seen.add(JSON.stringify(v));
          },
          result: () => [seen.size],
        };
      };
    }
    case 'percentile': case 'percentiles': {
      const feed = numbers(0);
      const percents = call.args.slice(1).map((p) => (p.kind === 'literal' && typeof p.value === 'number' ? p.value : null));
      if (percents.some((p) => p === null)) throw new KqlError('percentile() needs constant percentages', call.at);
      return () => {
        const values: number[] = [];
        return { add: feed((n) => values.push(n)), result: () => {
          values.sort((a, b) => a - b);
          return percents.map((p) => nearestRank(values, p ?? 0));
        } };
      };
    }
    case 'arg_max': case 'arg_min':
      return argExtreme(call, scope);
    case 'make_list': case 'make_set': {
      const value = arg(0);
      const type = argType(0);
      const limit = call.args[1]?.kind === 'literal' ? Number(call.args[1].value) : 1_048_576;
      return () => {
        const items: Value[] = [];
        const seen = new Set<string>();
        return {
          add: (row, i, rows) => {
            const v = value(row, i, rows);
            if (v === null || items.length >= limit) return;
            // make_list of a dynamic array adds the array as one element; make_set adds each distinct value.
            if (call.name === 'make_set') {
              const key = JSON.stringify(v);
              if (seen.has(key)) return;
              seen.add(key);
            }
            items.push(toDynamic(v, type));
          },
          result: () => [items],
        };
      };
    }
    case 'any': case 'take_any': {
      const value = arg(0);
      return () => {
        let found: Value = null;
        let done = false;
        return {
          add: (row, i, rows) => {
            if (done) return;
            const v = value(row, i, rows);
            if (v !== null && v !== '') { found = v; done = true; }
          },
          result: () => [found],
        };
      };
    }
  }
  // Unreachable while every name in AGGREGATES has its case above; kept for the type checker.
  // Stryker disable next-line StringLiteral: unreachable, see above
  throw new KqlError(`the aggregation ${call.name}() is not supported here`, call.at, 'NotSupported');
}

function counter(test: (row: Value[], i: number, rows: Value[][]) => boolean): AccumulatorFactory {
  return () => {
    let count = 0;
    return { add: (row, i, rows) => { if (test(row, i, rows)) count += 1; }, result: () => [count] };
  };
}

/** arg_max(x, a, b) / arg_max(x, *): the row with the largest (smallest) x; its x, then the columns asked for. */
function argExtreme(call: Call, scope: Scope): AccumulatorFactory {
  const [by, ...rest] = call.args;
  if (!by) throw new KqlError(`${call.name}() needs an expression to compare`, call.at);
  const key = compile(by, scope);
  const sign = call.name === 'arg_min' ? -1 : 1;
  const picks: Eval[] = rest.flatMap((e) => (e.kind === 'star' ? starColumns(scope.columns, call.columns.slice(1)) : [compile(e, scope)]));
  return () => {
    let best: Value = null;
    let bestRow: Value[] | null = null;
    let bestIndex = 0;
    let bestRows: Value[][] = [];
    return {
      add: (row, i, rows) => {
        const v = key(row, i, rows);
        if (v === null) return;
        if (best === null || sign * compareValues(v, best) > 0) {
          best = v;
          bestRow = row;
          bestIndex = i;
          bestRows = rows;
        }
      },
      result: () => [best, ...picks.map((pick) => (bestRow ? pick(bestRow, bestIndex, bestRows) : null))],
    };
  };
}

/** The columns `*` stands for, in the order the analyser lists them (the compared column comes first, once). */
function starColumns(input: Column[], wanted: Column[]): Eval[] {
  return wanted.map((column) => {
    const index = input.findIndex((c) => c.name === column.name);
    return (row: Value[]) => row[index] ?? null; // a column the table does not hold (index -1) is null
  });
}
