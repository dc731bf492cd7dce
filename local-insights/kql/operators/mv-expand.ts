// mv-expand: one row per element of a dynamic array (a bag expands to one {key: value} per property).
import { type Operator, type Value } from '../ast';
import { compile } from '../expressions';
import type { OperatorContext, Table } from '../table';
import { convert } from '../values';

function elementsOf(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, v]) => ({ [key]: v }));
  return [value];
}

export function mvExpand(input: Table, op: Operator & { kind: 'mv-expand' }, { context, output }: OperatorContext): Table {
  const scope = { columns: input.columns, context };
  const targets = op.items.map((item) => ({
    evaluate: compile(item.expr, scope),
    index: output.findIndex((column) => column.name === item.name),
    to: item.to ?? 'dynamic',
  }));
  const carried = output.map((column) => input.columns.findIndex((c) => c.name === column.name));
  const rows: Value[][] = [];
  input.rows.forEach((row, i, all) => {
    const lists = targets.map((target) => elementsOf(target.evaluate(row, i, all)));
    // Several columns expand side by side; the shorter ones are padded with nulls.
    const length = Math.max(0, ...lists.map((list) => list.length));
    for (let k = 0; k < length; k++) {
      const out = carried.map((index) => (index === -1 ? null : row[index] ?? null));
      targets.forEach((target, t) => {
        out[target.index] = convert(lists[t]?.[k] ?? null, 'dynamic', target.to);
      });
      rows.push(out);
    }
  });
  return { columns: output, rows };
}
