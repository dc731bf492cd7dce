// Operators that group rows: summarize, count, distinct and make-series.
import { KqlError, type Operator, type Value } from '../ast';
import { aggregateFactory, type Accumulator, widthOf } from '../aggregates';
import { compile, type Eval } from '../expressions';
import { scopeOf, type OperatorContext, type Table } from '../table';
import { toDynamic, tupleKey } from '../values';

interface Group {
  keys: Value[];
  accumulators: Accumulator[];
}

/** Rows grouped by the values of `keys`, in the order each group is first seen. Only groups that have rows exist. */
function groupRows(input: Table, keys: Eval[], start: (keys: Value[]) => Accumulator[], feed: (group: Group, row: Value[], i: number) => void): Group[] {
  const groups = new Map<string, Group>();
  input.rows.forEach((row, i, rows) => {
    const values = keys.map((key) => key(row, i, rows));
    const id = tupleKey(values);
    let group = groups.get(id);
    if (!group) {
      group = { keys: values, accumulators: start(values) };
      groups.set(id, group);
    }
    feed(group, row, i);
  });
  return [...groups.values()];
}

export function summarize(input: Table, op: Operator & { kind: 'summarize' }, { context, output }: OperatorContext): Table {
  const scope = scopeOf(input, context);
  const keys = op.by.map((item) => compile(item.expr, scope));
  const factories = op.aggregates.map((item) => aggregateFactory(item.expr, scope));
  const width = op.by.length + op.aggregates.reduce((sum, item) => sum + widthOf(item.expr), 0);
  if (width !== output.length) throw new KqlError('this summarize shape is not supported here', op.aggregates[0]?.expr.at ?? 0);
  const groups = groupRows(input, keys, () => factories.map((make) => make()), (group, row, i) => {
    for (const accumulator of group.accumulators) accumulator.add(row, i, input.rows);
  });
  // Without `by`, summarize answers one row even over no rows (count() is then 0).
  if (groups.length === 0 && keys.length === 0) groups.push({ keys: [], accumulators: factories.map((make) => make()) });
  return { columns: output, rows: groups.map((group) => [...group.keys, ...group.accumulators.flatMap((a) => a.result())]) };
}

export function count(input: Table, { output }: OperatorContext): Table {
  return { columns: output, rows: [[input.rows.length]] };
}

export function distinct(input: Table, op: Operator & { kind: 'distinct' }, { context, output }: OperatorContext): Table {
  const scope = scopeOf(input, context);
  // `distinct *` stands alone, so any and every item being `*` are the same test.
  // Stryker disable next-line MethodExpression: equivalent, see above
  const star = op.items.some((item) => item.expr.kind === 'star');
  const keys = star ? input.columns.map((_c, index) => (row: Value[]) => row[index] ?? null) : op.items.map((item) => compile(item.expr, scope));
  const groups = groupRows(input, keys, () => [], () => undefined);
  return { columns: output, rows: groups.map((group) => group.keys) };
}

/**
 * make-series: one row per group, each aggregate as an array with one value per step from `from`
 * (floored to the step) up to, not including, `to`; steps with no rows hold the default (0 unless
 * given). The axis column is the array of step starts.
 */
export function makeSeries(input: Table, op: Operator & { kind: 'make-series' }, { context, output }: OperatorContext): Table {
  const scope = scopeOf(input, context);
  // A constant reads no row, so the empty row passed here could be any row.
  // Stryker disable next-line ArrayDeclaration: equivalent, see above
  const constant = (e: typeof op.step | null) => (e ? compile(e, scope)([], 0, []) : null);
  const step = constant(op.step);
  if (typeof step !== 'number' || step <= 0) throw new KqlError('make-series needs a positive step', op.step.at);
  const axis = compile(op.on, scope);
  const axisValues = input.rows.map((row, i, rows) => axis(row, i, rows)).filter((v): v is number => typeof v === 'number');
  const fromValue = constant(op.from);
  const toValue = constant(op.to);
  // Without from/to, the axis's own range, floored to the step. With no value on the axis that range
  // is empty (the min of nothing is Infinity, the max -Infinity), and no row falls in any step anyway.
  const from = typeof fromValue === 'number' ? fromValue : Math.floor(Math.min(...axisValues) / step) * step;
  const to = typeof toValue === 'number' ? toValue : Math.floor(Math.max(...axisValues) / step) * step + step;
  const slots = Math.max(0, Math.ceil((to - from) / step));
  const keys = op.by.map((item) => compile(item.expr, scope));
  const factories = op.aggregates.map((item) => aggregateFactory(item.expr, scope));
  // Stryker disable next-line ArrayDeclaration: a constant reads no row (as above)
  const fills = op.aggregates.map((item) => (item.fill ? compile(item.fill, scope)([], 0, []) : 0));
  const groups = new Map<string, { keys: Value[]; cells: Array<Accumulator[] | undefined> }>();
  input.rows.forEach((row, i, rows) => {
    const at = axis(row, i, rows);
    if (typeof at !== 'number' || at < from || at >= to) return;
    const values = keys.map((key) => key(row, i, rows));
    const id = tupleKey(values);
    let group = groups.get(id);
    if (!group) {
      // Stryker disable next-line ArrayDeclaration: a sparse array of any length reads the same
      group = { keys: values, cells: new Array<Accumulator[] | undefined>(slots) };
      groups.set(id, group);
    }
    const slot = Math.floor((at - from) / step);
    const cell = group.cells[slot] ?? factories.map((make) => make());
    group.cells[slot] = cell;
    for (const accumulator of cell) accumulator.add(row, i, rows);
  });
  const starts = Array.from({ length: slots }, (_v, k) => toDynamic(from + k * step, op.on.type));
  const rows = [...groups.values()].map((group) => [
    ...group.keys,
    ...op.aggregates.map((item, a) => Array.from({ length: slots }, (_v, k) => {
      const value = group.cells[k]?.[a]?.result()[0] ?? null;
      return toDynamic(group.cells[k] === undefined ? fills[a] ?? 0 : value, item.expr.type);
    })),
    starts,
  ]);
  return { columns: output, rows };
}
