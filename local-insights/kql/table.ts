// A table between two operators: the analyser's columns, and rows as arrays in that order.
import type { Column, Value } from './ast';
import type { EvalContext } from './expressions';

export interface Table {
  columns: Column[];
  rows: Value[][];
  /** Rows in a meaningful order (after order by, top or serialize): prev() and next() need it. */
  serialized?: boolean;
}

/**
 * What an operator needs besides its input rows: the query's context, and the columns the analyser
 * gives its input and output. A table may hold fewer columns than the analyser lists (columns the
 * query cannot use are not read), so operators find columns by name, never by position.
 */
export interface OperatorContext {
  context: EvalContext;
  input: Column[];
  output: Column[];
}

export const scopeOf = (table: Table, context: EvalContext) => ({ columns: table.columns, context });
