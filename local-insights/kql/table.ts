// A table between two operators: the analyser's columns, and rows as arrays in that order.
import type { Column, Value } from './ast';
import type { EvalContext } from './expressions';

export interface Table {
  columns: Column[];
  rows: Value[][];
  /** Rows in a meaningful order (after order by, top or serialize): prev() and next() need it. */
  serialized?: boolean;
}

/** What an operator needs besides its input: the query's context, and the columns the analyser says it outputs. */
export interface OperatorContext {
  context: EvalContext;
  output: Column[];
}

export const scopeOf = (table: Table, context: EvalContext) => ({ columns: table.columns, context });
