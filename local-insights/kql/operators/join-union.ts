// join and union: two or more tables into one.
import type { Column, JoinKind, Value } from '../ast';
import { columnIndex } from '../expressions';
import type { Table } from '../table';
import { emptyOf, tupleKey } from '../values';

const keyOf = (row: Value[], indexes: number[]): string => tupleKey(indexes.map((i) => row[i] ?? null));

/**
 * The names the analyser gives the joined columns: a right column whose name clashes with a left
 * one is suffixed (timestamp1). Looked up by each side's place in the analyser's full column lists,
 * since a side may hold only the columns the query uses.
 */
function joinedColumns(left: Table, right: Table, shape: { left: Column[]; right: Column[]; output: Column[] }): Column[] {
  const named = (table: Table, full: Column[], offset: number) => table.columns.map((column) => {
    const at = full.findIndex((c) => c.name === column.name);
    return { name: shape.output[offset + at]?.name ?? column.name, type: column.type };
  });
  return [...named(left, shape.left, 0), ...named(right, shape.right, shape.left.length)];
}

/**
 * Kusto's join kinds. The default, innerunique, first keeps one left row per key (the first), then
 * joins as inner does. Outer kinds fill the missing side with nulls (empty strings for strings).
 * Semi and anti joins keep one side's columns; the others keep both, left then right.
 */
export function join(left: Table, right: Table, kind: JoinKind, on: Array<{ left: string; right: string }>, shape: { left: Column[]; right: Column[]; output: Column[] }, at: number): Table {
  const leftKeys = on.map((pair) => columnIndex(left.columns, pair.left, at));
  const rightKeys = on.map((pair) => columnIndex(right.columns, pair.right, at));
  const byKey = new Map<string, Value[][]>();
  for (const row of right.rows) {
    const key = keyOf(row, rightKeys);
    const rows = byKey.get(key);
    if (rows) rows.push(row);
    else byKey.set(key, [row]);
  }
  const nullLeft = left.columns.map((column) => emptyOf(column.type));
  const nullRight = right.columns.map((column) => emptyOf(column.type));
  const matchedRight = new Set<Value[]>();
  const rows: Value[][] = [];
  const seenLeftKeys = new Set<string>();

  for (const row of left.rows) {
    const key = keyOf(row, leftKeys);
    const matches = byKey.get(key) ?? [];
    switch (kind) {
      case 'leftsemi': if (matches.length > 0) rows.push(row); continue;
      case 'leftanti': if (matches.length === 0) rows.push(row); continue;
      // Without this case, right joins would fall to the loop below, which marks the same matches.
      // Stryker disable next-line ConditionalExpression: equivalent, see above
      case 'rightsemi': case 'rightanti': for (const match of matches) matchedRight.add(match); continue;
      case 'innerunique':
        if (seenLeftKeys.has(key)) continue;
        seenLeftKeys.add(key);
        break;
    }
    for (const match of matches) {
      rows.push([...row, ...match]);
      matchedRight.add(match);
    }
    if (matches.length === 0 && (kind === 'leftouter' || kind === 'fullouter')) rows.push([...row, ...nullRight]);
  }
  if (kind === 'leftsemi' || kind === 'leftanti') return { columns: left.columns, rows };
  if (kind === 'rightsemi') return { columns: right.columns, rows: right.rows.filter((row) => matchedRight.has(row)) };
  if (kind === 'rightanti') return { columns: right.columns, rows: right.rows.filter((row) => !matchedRight.has(row)) };
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (const row of right.rows) if (!matchedRight.has(row)) rows.push([...nullLeft, ...row]);
  }
  return { columns: joinedColumns(left, right, shape), rows };
}

/** union: rows of every input, each column found by name (absent ones empty); `withsource` names the input. */
export function union(inputs: Array<{ name: string; table: Table }>, withSource: string | null, analysed: Column[]): Table {
  const present = new Set(inputs.flatMap(({ table }) => table.columns.map((c) => c.name)));
  const output = analysed.filter((column) => column.name === withSource || present.has(column.name));
  const rows: Value[][] = [];
  for (const { name, table } of inputs) {
    const indexes = output.map((column) => (column.name === withSource ? -2 : table.columns.findIndex((c) => c.name === column.name)));
    for (const row of table.rows) {
      rows.push(indexes.map((index, k) => (index === -2 ? name : index === -1 ? emptyOf(output[k]?.type ?? 'dynamic') : row[index] ?? null)));
    }
  }
  return { columns: output, rows };
}
