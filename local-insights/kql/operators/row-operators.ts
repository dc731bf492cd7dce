// Operators that work row by row: where, project, project-away, project-rename, extend, serialize.
import { type Column, KqlError, type Named, type Operator, type Value } from '../ast';
import { compile } from '../expressions';
import { scopeOf, type OperatorContext, type Table } from '../table';
import { toBool } from '../values';

export function where(input: Table, op: Operator & { kind: 'where' }, { context }: OperatorContext): Table {
  const test = compile(op.condition, scopeOf(input, context));
  const type = op.condition.type;
  // A null condition drops the row, as false does.
  return { columns: input.columns, rows: input.rows.filter((row, i, rows) => toBool(test(row, i, rows), type) === true) };
}

export function project(input: Table, op: Operator & { kind: 'project' }, { context, output }: OperatorContext): Table {
  if (op.items.length !== output.length) throw new KqlError('project of a function that returns several columns is not supported here', op.items[0]?.expr.at ?? 0);
  const scope = scopeOf(input, context);
  const evals = op.items.map((item) => compile(item.expr, scope));
  return { columns: output, rows: input.rows.map((row, i, rows) => evals.map((evaluate) => evaluate(row, i, rows))) };
}

export function projectAway(input: Table, op: Operator & { kind: 'project-away' }): Table {
  const keep = input.columns.flatMap((column, index) => (op.names.includes(column.name) ? [] : [index]));
  return { columns: input.columns.filter((column) => !op.names.includes(column.name)), rows: input.rows.map((row) => keep.map((index) => row[index] ?? null)) };
}

export function projectRename(input: Table, op: Operator & { kind: 'project-rename' }): Table {
  // The values do not move; only the names change, in place.
  const renamed = new Map(op.renames.map((r) => [r.from, r.to]));
  return { columns: input.columns.map((c) => ({ name: renamed.get(c.name) ?? c.name, type: c.type })), rows: input.rows };
}

/**
 * extend (and serialize with assignments): each item may use the columns made by the items before
 * it. A name that exists replaces that column in place; a new one is appended. Unnamed items get
 * the names the analyser chose (e.g. Column1, customDimensions_orderId).
 */
export function extend(input: Table, items: Named[], { context, input: analysed, output }: OperatorContext): Table {
  const columns: Column[] = [...input.columns];
  const known = new Set(analysed.map((column) => column.name));
  const generated = output.map((column) => column.name).filter((name) => !known.has(name) && !items.some((item) => item.name === name));
  const steps = items.map((item) => {
    const name = item.name ?? (item.expr.kind === 'column' ? item.expr.name : generated.shift());
    if (name === undefined) throw new KqlError('cannot tell the name of this column', item.expr.at);
    const evaluate = compile(item.expr, { columns: [...columns], context });
    const existing = columns.findIndex((column) => column.name === name);
    const index = existing === -1 ? columns.length : existing;
    columns[index] = { name, type: item.expr.type };
    return { index, evaluate };
  });
  const rows: Value[][] = input.rows.map((row) => [...row]);
  // Row by row, so that prev()/next() in a later item see the values an earlier item set.
  for (const { index, evaluate } of steps) {
    rows.forEach((row, i) => {
      row[index] = evaluate(row, i, rows);
    });
  }
  return { columns, rows };
}
