// Operators that order or cut: order/sort by, take/limit, top.
import { KqlError, type OrderKey, type Operator, type Value } from '../ast';
import { compile, type EvalContext } from '../expressions';
import type { OperatorContext, Table } from '../table';
import { compareValues } from '../values';

function comparator(input: Table, keys: OrderKey[], context: EvalContext): (a: number, b: number) => number {
  const compiled = keys.map((key) => {
    const evaluate = compile(key.expr, { columns: input.columns, context });
    const values = input.rows.map((row, i, rows) => evaluate(row, i, rows));
    return { values, key };
  });
  return (a, b) => {
    for (const { values, key } of compiled) {
      const x = values[a] ?? null;
      const y = values[b] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const order = compareValues(x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0; // Array.prototype.sort is stable: ties keep their input order
  };
}

export function sortRows(input: Table, keys: OrderKey[], context: EvalContext): Value[][] {
  const indexes = input.rows.map((_row, i) => i);
  indexes.sort(comparator(input, keys, context));
  // Stryker disable next-line ArrayDeclaration: unreachable, every index is a row's
  return indexes.map((i) => input.rows[i] ?? []);
}

export function sort(input: Table, op: Operator & { kind: 'sort' }, { context }: OperatorContext): Table {
  return { columns: input.columns, rows: sortRows(input, op.keys, context) };
}

function countOf(op: { count: Parameters<typeof compile>[0] }, context: EvalContext): number {
  // A constant reads no row, so the empty row passed here could be any row.
  // Stryker disable next-line ArrayDeclaration: equivalent, see above
  const n = compile(op.count, { columns: [], context })([], 0, []);
  if (typeof n !== 'number' || n < 0) throw new KqlError('take and top need a whole number of rows', op.count.at);
  return Math.floor(n);
}

export function take(input: Table, op: Operator & { kind: 'take' }, { context }: OperatorContext): Table {
  return { columns: input.columns, rows: input.rows.slice(0, countOf(op, context)) };
}

export function top(input: Table, op: Operator & { kind: 'top' }, { context }: OperatorContext): Table {
  return { columns: input.columns, rows: sortRows(input, [op.key], context).slice(0, countOf(op, context)) };
}
