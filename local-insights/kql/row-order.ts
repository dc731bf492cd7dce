// prev() and next() read neighbouring rows, so Kusto allows them only on a serialized row set:
// after order/sort by, top or serialize, kept through the operators that do not reorder rows.
// Elsewhere the row order is arbitrary, and the engine refuses rather than answer by accident.
import type { Expr, Operator } from './ast';

const NEEDS_ORDER = new Set(['prev', 'next', 'row_number']);
const MAKES_SERIALIZED = new Set<Operator['kind']>(['sort', 'top', 'serialize']);
const KEEPS_SERIALIZED = new Set<Operator['kind']>(['where', 'project', 'project-away', 'project-rename', 'extend', 'take', 'mv-expand', 'render', 'parse']);

export function serializedAfter(op: Operator, inputSerialized: boolean): boolean {
  return MAKES_SERIALIZED.has(op.kind) || (inputSerialized && KEEPS_SERIALIZED.has(op.kind));
}

function expressionsOf(op: Operator): Expr[] {
  switch (op.kind) {
    case 'where': return [op.condition];
    case 'project': case 'extend': case 'serialize': case 'distinct': return op.items.map((i) => i.expr);
    case 'summarize': return [...op.aggregates, ...op.by].map((i) => i.expr);
    case 'sort': return op.keys.map((k) => k.expr);
    case 'top': return [op.key.expr];
    case 'mv-expand': return op.items.map((i) => i.expr);
    case 'parse': return [op.text];
    case 'make-series': return [...op.aggregates.map((a) => a.expr), op.on, ...op.by.map((b) => b.expr)];
    default: return [];
  }
}

/** The first prev()/next() call in `op`, if it has one. */
export function rowOrderCall(op: Operator): (Expr & { kind: 'call' }) | null {
  const search = (e: Expr): (Expr & { kind: 'call' }) | null => {
    switch (e.kind) {
      case 'call': return NEEDS_ORDER.has(e.name) ? e : e.args.map(search).find((found) => found !== null) ?? null;
      case 'binary': return search(e.left) ?? search(e.right);
      case 'unary': return search(e.operand);
      case 'member': return search(e.target) ?? search(e.key);
      case 'in': return search(e.left) ?? e.list.map(search).find((found) => found !== null) ?? null;
      case 'between': return search(e.left) ?? search(e.low) ?? search(e.high);
      default: return null;
    }
  };
  return expressionsOf(op).map(search).find((found) => found !== null) ?? null;
}
