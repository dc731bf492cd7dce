// From a query's answer to the numbers a log search alert compares, as Azure Monitor defines them
// (learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule, "Measure" and
// "Split by dimensions"): the measure is the number of rows ("Table rows", timeAggregation Count
// with no column) or a numeric column aggregated with Average/Minimum/Maximum/Total/Count; each
// combination of the dimension columns' values is its own series, judged and alerted on apart.
// Pure: no I/O, no clock.
import type { WireTable } from '../kql/wire';
import type { Condition, Operator } from './rule-schema';

export interface SeriesValue {
  /** Dimension values, e.g. [{name: 'cloud_RoleName', value: 'order-processing-app'}]; empty when unsplit. */
  dimensions: Array<{ name: string; value: string }>;
  /** The measure; null when the series has no row to aggregate (Average of nothing). */
  value: number | null;
  rows: number;
}

export type Measured = { ok: true; series: SeriesValue[] } | { ok: false; error: string };

const keyOf = (dims: Array<{ value: string }>): string => JSON.stringify(dims.map((d) => d.value));
export const seriesKey = (dims: Array<{ name: string; value: string }>): string => JSON.stringify(dims.map((d) => [d.name, d.value]));

function keeps(value: string, dimension: Condition['dimensions'][number]): boolean {
  const listed = dimension.values.includes('*') || dimension.values.includes(value);
  return dimension.operator === 'Include' ? listed : !listed;
}

function aggregate(values: number[], how: Condition['timeAggregation']): number | null {
  switch (how) {
    case 'Count': return values.length;
    case 'Total': return values.reduce((a, b) => a + b, 0);
    case 'Average': return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum': return values.length === 0 ? null : Math.min(...values);
    case 'Maximum': return values.length === 0 ? null : Math.max(...values);
  }
}

export function measure(table: WireTable, condition: Condition): Measured {
  const indexOf = (name: string) => table.columns.findIndex((c) => c.name === name);
  const dimensionIndexes: number[] = [];
  for (const dimension of condition.dimensions) {
    const index = indexOf(dimension.name);
    if (index < 0) return { ok: false, error: `the query's result has no column ${JSON.stringify(dimension.name)} to split by (dimensions); it has ${table.columns.map((c) => c.name).join(', ') || 'no columns'}` };
    dimensionIndexes.push(index);
  }
  const column = condition.metricMeasureColumn;
  const measureIndex = column === undefined ? -1 : indexOf(column);
  if (column !== undefined) {
    const type = table.columns[measureIndex]?.type;
    if (measureIndex < 0) return { ok: false, error: `the query's result has no column ${JSON.stringify(column)} to measure (metricMeasureColumn); it has ${table.columns.map((c) => c.name).join(', ') || 'no columns'}` };
    if (!['int', 'long', 'real', 'decimal'].includes(type ?? '')) return { ok: false, error: `metricMeasureColumn ${JSON.stringify(column)} is of type ${type}; a measure must be numeric (use todouble())` };
  }

  const groups = new Map<string, { dimensions: SeriesValue['dimensions']; values: number[]; rows: number }>();
  for (const row of table.rows) {
    const dims = condition.dimensions.map((d, i) => ({ name: d.name, value: cellText(row[dimensionIndexes[i] ?? -1]) }));
    if (!dims.every((d, i) => {
      const dimension = condition.dimensions[i];
      return dimension === undefined || keeps(d.value, dimension);
    })) continue;
    const key = keyOf(dims);
    const group = groups.get(key) ?? { dimensions: dims, values: [], rows: 0 };
    group.rows += 1;
    const cell = measureIndex < 0 ? null : row[measureIndex];
    if (typeof cell === 'number' && Number.isFinite(cell)) group.values.push(cell);
    groups.set(key, group);
  }
  // Unsplit, an empty answer is still one series: zero rows ("Table rows" = 0 can be judged, e.g.
  // "LessThan 1" alerts when nothing arrives). Split, a combination with no row has no series.
  if (condition.dimensions.length === 0 && groups.size === 0) groups.set('[]', { dimensions: [], values: [], rows: 0 });
  return {
    ok: true,
    series: [...groups.values()].map((g) => ({
      dimensions: g.dimensions,
      rows: g.rows,
      value: measureIndex < 0 ? g.rows : aggregate(g.values, condition.timeAggregation),
    })),
  };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cell : JSON.stringify(cell);
}

export function crosses(value: number | null, operator: Operator, threshold: number): boolean {
  if (value === null) return false;
  switch (operator) {
    case 'Equals': return value === threshold;
    case 'GreaterThan': return value > threshold;
    case 'GreaterThanOrEqual': return value >= threshold;
    case 'LessThan': return value < threshold;
    case 'LessThanOrEqual': return value <= threshold;
  }
}
