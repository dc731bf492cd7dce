// mv-expand: one row per element of a dynamic array (a bag expands to one {key: value} per property).
import type { Column, Operator, Value } from '../ast';
import { compile } from '../expressions';
import type { OperatorContext, Table } from '../table';
import { convert } from '../values';

function elementsOf(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, v]) => ({ [key]: v }));
  return [value];
}

export function mvExpand(input: Table, op: Operator & { kind: 'mv-expand' }, { context }: OperatorContext): Table {
  const scope = { columns: input.columns, context };
  // An expanded column keeps its place with its new type; `name = expression` adds one at the end.
  const columns: Column[] = [...input.columns];
  const targets = op.items.map((item) => {
    const to = item.to ?? 'dynamic';
    const existing = columns.findIndex((column) => column.name === item.name);
    const index = existing === -1 ? columns.push({ name: item.name, type: to }) - 1 : existing;
    columns[index] = { name: item.name, type: to };
    return { evaluate: compile(item.expr, scope), index, to };
  });
  const carried = columns.map((column) => input.columns.findIndex((c) => c.name === column.name));
  const rows: Value[][] = [];
  input.rows.forEach((row, i, all) => {
    const lists = targets.map((target) => elementsOf(target.evaluate(row, i, all)));
    // Several columns expand side by side; the shorter ones are padded with nulls.
    const length = Math.max(0, ...lists.map((list) => list.length));
    for (let k = 0; k < length; k++) {
      const out = carried.map((index) => row[index] ?? null); // a new column (index -1) starts null
      targets.forEach((target, t) => {
        out[target.index] = convert(lists[t]?.[k] ?? null, 'dynamic', target.to);
      });
      rows.push(out);
    }
  });
  return { columns, rows };
}
