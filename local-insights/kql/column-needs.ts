// Which columns of each table a query can use, so a source reads only those (the rest stay empty).
// Worked out backwards from the result: an operator that keeps every column (take, where, extend …)
// needs what comes after it plus what it reads itself; project, summarize and count need only what
// they read. When in doubt the answer is "all", never too few.
import type { Expr, Operator, Query, Tabular } from './ast';

export type Needs = Set<string> | 'all';

const union = (a: Needs, b: Needs): Needs => (a === 'all' || b === 'all' ? 'all' : new Set([...a, ...b]));

/** Every column an expression reads; `*` reads all. */
function reads(exprs: Expr[]): Needs {
  let found: Needs = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'column': if (found !== 'all') found.add(e.name); return;
      case 'star': found = 'all'; return;
      case 'binary': visit(e.left); visit(e.right); return;
      case 'unary': visit(e.operand); return;
      case 'call': e.args.forEach(visit); return;
      case 'member': visit(e.target); visit(e.key); return;
      case 'in': visit(e.left); e.list.forEach(visit); return;
      case 'between': visit(e.left); visit(e.low); visit(e.high); return;
      default: return;
    }
  };
  exprs.forEach(visit);
  return found;
}

/** What `op`'s input must hold for its output to hold `after`. */
function before(op: Operator, after: Needs): Needs {
  switch (op.kind) {
    case 'where': return union(after, reads([op.condition]));
    case 'project': return reads(op.items.map((i) => i.expr));
    case 'project-away': return after;
    case 'project-rename': return after === 'all' ? 'all' : union(after, new Set(op.renames.map((r) => r.from)));
    case 'extend': case 'serialize': return union(after, reads(op.items.map((i) => i.expr)));
    case 'summarize': return reads([...op.aggregates, ...op.by].map((i) => i.expr));
    case 'count': return new Set();
    case 'distinct': return reads(op.items.map((i) => i.expr));
    case 'sort': return union(after, reads(op.keys.map((k) => k.expr)));
    case 'take': return after;
    case 'top': return union(after, reads([op.key.expr]));
    case 'join': return after === 'all' ? 'all' : union(after, new Set(op.on.map((k) => k.left)));
    case 'mv-expand': return union(after, reads(op.items.map((i) => i.expr)));
    case 'make-series': return reads([...op.aggregates.map((a) => a.expr), op.on, ...op.by.map((b) => b.expr)]);
    case 'render': return after;
    case 'parse': return union(after, reads([op.text]));
  }
}

/** A right-hand join column clashing with a left one comes out as name1: the source knows it as name. */
const withoutSuffix = (needs: Needs): Needs => (needs === 'all' ? 'all' : new Set([...needs, ...[...needs].map((n) => n.replace(/\d+$/, ''))]));

/** For every table read in the query, the columns it needs. */
export function columnNeeds(query: Query): Map<Tabular, Needs> {
  const tables = new Map<Tabular, Needs>();
  const lets = new Map<string, Needs>();
  const visit = (node: Tabular, needs: Needs): void => {
    switch (node.kind) {
      case 'table': tables.set(node, union(tables.get(node) ?? new Set(), needs)); return;
      case 'variable': lets.set(node.name, union(lets.get(node.name) ?? new Set(), needs)); return;
      case 'print': return;
      case 'union': node.sources.forEach((source) => visit(source, needs)); return;
      case 'pipe':
        if (node.operator.kind === 'join') {
          const on = node.operator.on.map((k) => k.right);
          visit(node.operator.right, union(withoutSuffix(needs), new Set(on)));
        }
        visit(node.source, before(node.operator, needs));
    }
  };
  visit(query.result, 'all');
  // A let can only use the lets before it, so walking them backwards sees every use first.
  for (const statement of [...query.statements].reverse()) {
    if (statement.kind === 'let-tabular') visit(statement.tabular, lets.get(statement.name) ?? new Set());
  }
  return tables;
}
