// mv-expand: one row per element of a dynamic array (a bag expands to one {key: value} per property).
import type { Column, KType, Operator, Value } from '../ast';
import { compile } from '../expressions';
import { parseDatetimeText, parseTimespanText } from '../literals';
import type { OperatorContext, Table } from '../table';
import { toGuid } from '../values';

function elementsOf(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, v]) => ({ [key]: v }));
  return [value];
}

/**
 * `to typeof(T)` casts and never parses, as in Kusto: an element that is not already a T becomes
 * null, or empty text for a string ("5" is not a long). Datetimes and timespans sit in dynamic values as their text here, so
 * for those two the text is what is read.
 */
function castElement(value: Value, to: KType): Value {
  switch (to) {
    case 'dynamic': return value;
    case 'int': case 'long': return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'real': case 'decimal': return typeof value === 'number' ? value : null;
    case 'bool': return typeof value === 'boolean' ? value : null;
    case 'string': return typeof value === 'string' ? value : ''; // a string is never null in Kusto: empty
    case 'guid': return typeof value === 'string' ? toGuid(value) : null;
    case 'datetime': return typeof value === 'string' ? parseDatetimeText(value) : null;
    case 'timespan': return typeof value === 'string' ? parseTimespanText(value) : null;
  }
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
        out[target.index] = castElement(lists[t]?.[k] ?? null, target.to);
      });
      rows.push(out);
    }
  });
  return { columns, rows };
}
