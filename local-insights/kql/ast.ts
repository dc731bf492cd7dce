// The query as the engine sees it: plain data, built from Microsoft's syntax tree by
// kusto-parser.ts (the only module that knows the parser's own shapes). Every node keeps `at`, its
// offset in the query text, so a run-time error can say where it happened. Types are the ones the
// analyser inferred, so the engine never guesses a type from a value.

export type KType = 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'dynamic' | 'guid';

/**
 * A value at run time. datetime is milliseconds since the Unix epoch and timespan is milliseconds,
 * both as numbers: the static type says which a number is. dynamic is parsed JSON.
 */
export type Value = null | boolean | number | string | DynamicValue;
export type DynamicValue = null | boolean | number | string | DynamicValue[] | { [key: string]: DynamicValue };

export interface Column {
  name: string;
  type: KType;
}

export type Expr =
  | { kind: 'literal'; type: KType; value: Value; at: number }
  | { kind: 'column'; name: string; type: KType; at: number }
  /** A scalar bound by `let`. */
  | { kind: 'variable'; name: string; type: KType; at: number }
  /** `$left.a` or `$right.b` in a join's on: the analyser lets `$left` come only first (KS183), so which side is not kept. */
  | { kind: 'join-side'; name: string; type: KType; at: number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; type: KType; at: number }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr; type: KType; at: number }
  | { kind: 'call'; name: string; args: Expr[]; type: KType; at: number; columns: Column[] }
  | { kind: 'member'; target: Expr; key: Expr; type: KType; at: number }
  | { kind: 'in'; op: string; left: Expr; list: Expr[]; type: KType; at: number }
  | { kind: 'between'; negated: boolean; left: Expr; low: Expr; high: Expr; type: KType; at: number }
  /** `*` inside arg_max(x, *): every column of the input. */
  | { kind: 'star'; type: KType; at: number }
  | { kind: 'type-name'; type: KType; at: number };

/** An expression with the output name(s) the analyser gave it (several for tuples: percentiles, arg_max). */
export interface Named {
  name: string | null;
  expr: Expr;
}

export interface OrderKey {
  expr: Expr;
  descending: boolean;
  nullsFirst: boolean;
}

export type JoinKind = 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftanti' | 'rightanti' | 'leftsemi' | 'rightsemi';

export type Operator =
  | { kind: 'where'; condition: Expr }
  | { kind: 'project'; items: Named[] }
  | { kind: 'project-away'; names: string[] }
  | { kind: 'project-rename'; renames: Array<{ to: string; from: string }> }
  | { kind: 'extend'; items: Named[] }
  | { kind: 'summarize'; aggregates: Named[]; by: Named[] }
  | { kind: 'count' }
  | { kind: 'distinct'; items: Named[] }
  | { kind: 'sort'; keys: OrderKey[] }
  | { kind: 'take'; count: Expr }
  | { kind: 'top'; count: Expr; key: OrderKey }
  | { kind: 'serialize'; items: Named[] }
  | { kind: 'join'; joinKind: JoinKind; right: Tabular; on: Array<{ left: string; right: string }> }
  | { kind: 'mv-expand'; items: Array<{ name: string; expr: Expr; to: KType | null }> }
  | { kind: 'make-series'; aggregates: Array<{ name: string | null; expr: Expr; fill: Expr | null }>; on: Expr; from: Expr | null; to: Expr | null; step: Expr; by: Named[] }
  | { kind: 'render'; visualization: string; properties: Record<string, Value> }
  /** parse and parse-where: new columns read from a text by a pattern (operators/parse.ts). */
  | { kind: 'parse'; dropUnmatched: boolean; mode: ParseMode; flags: string; text: Expr; pattern: ParsePart[] };

export type ParseMode = 'simple' | 'regex' | 'relaxed';

/** One piece of a parse pattern: `*` (skip), a string constant (a regex in kind=regex), or a column to fill. */
export type ParsePart = { kind: 'skip' } | { kind: 'text'; text: string } | { kind: 'column'; name: string; type: KType };

export type Tabular =
  | { kind: 'table'; name: string; at: number; columns: Column[] }
  | { kind: 'variable'; name: string; at: number; columns: Column[] }
  /** `print a = 1, b = now()`: one row of values, no table. */
  | { kind: 'print'; items: Named[]; at: number; columns: Column[] }
  | { kind: 'union'; sources: Tabular[]; withSource: string | null; at: number; columns: Column[] }
  | { kind: 'pipe'; source: Tabular; operator: Operator; at: number; columns: Column[] };

export type Statement =
  | { kind: 'let-scalar'; name: string; expr: Expr }
  | { kind: 'let-tabular'; name: string; tabular: Tabular };

export interface Query {
  statements: Statement[];
  result: Tabular;
}

/** Where in the query a problem is: offset, and the 1-based line and column an editor shows. */
export interface Position {
  offset: number;
  length: number;
  line: number;
  column: number;
}

export interface Diagnostic extends Position {
  code: string;
  message: string;
}

/** Something the analyser accepts but this engine does not run, or a value it cannot work with. */
export class KqlError extends Error {
  override name = 'KqlError';
  constructor(message: string, readonly at: number, readonly code = 'KqlError') {
    super(message);
  }
}
