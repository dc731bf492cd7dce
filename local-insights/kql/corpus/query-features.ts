// What a query uses of the engine, read from its analysed form: the operators (by the name a
// learner writes: `order` for order by and sort by) and every function called, aggregates
// included. The corpus lists each query's needs by hand; this reads them back to keep the lists true.
import type { Expr, Operator, Query, Tabular } from '../ast';

const OPERATOR_NAMES: Partial<Record<Operator['kind'], string>> = { sort: 'order', 'make-series': 'make-series', 'mv-expand': 'mv-expand' };

function callsIn(expr: Expr, found: Set<string>): void {
  switch (expr.kind) {
    case 'call': found.add(expr.name); expr.args.forEach((arg) => callsIn(arg, found)); return;
    case 'binary': callsIn(expr.left, found); callsIn(expr.right, found); return;
    case 'unary': callsIn(expr.operand, found); return;
    case 'member': callsIn(expr.target, found); callsIn(expr.key, found); return;
    case 'in': callsIn(expr.left, found); expr.list.forEach((e) => callsIn(e, found)); return;
    case 'between': callsIn(expr.left, found); callsIn(expr.low, found); callsIn(expr.high, found); return;
    default: return;
  }
}

function expressionsOf(op: Operator): Expr[] {
  switch (op.kind) {
    case 'where': return [op.condition];
    case 'project': case 'extend': case 'serialize': case 'distinct': return op.items.map((i) => i.expr);
    case 'summarize': return [...op.aggregates, ...op.by].map((i) => i.expr);
    case 'sort': return op.keys.map((k) => k.expr);
    case 'take': return [op.count];
    case 'top': return [op.count, op.key.expr];
    case 'mv-expand': return op.items.map((i) => i.expr);
    case 'make-series': return [...op.aggregates.map((a) => a.expr), op.on, ...op.by.map((b) => b.expr)];
    case 'parse': return [op.text];
    default: return [];
  }
}

/** The operators and functions `query` uses, operators first, each list sorted. */
export function queryFeatures(query: Query): string[] {
  const operators = new Set<string>();
  const functions = new Set<string>();
  const visit = (node: Tabular): void => {
    switch (node.kind) {
      case 'union': operators.add('union'); node.sources.forEach(visit); return;
      case 'print': operators.add('print'); node.items.forEach((i) => callsIn(i.expr, functions)); return;
      case 'pipe':
        operators.add(OPERATOR_NAMES[node.operator.kind] ?? node.operator.kind);
        expressionsOf(node.operator).forEach((e) => callsIn(e, functions));
        if (node.operator.kind === 'join') visit(node.operator.right);
        visit(node.source);
        return;
      default: return;
    }
  };
  for (const statement of query.statements) {
    operators.add('let');
    if (statement.kind === 'let-tabular') visit(statement.tabular);
    else callsIn(statement.expr, functions);
  }
  visit(query.result);
  return [...[...operators].sort(), ...[...functions].sort()];
}
