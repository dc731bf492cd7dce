// T-SQL checked offline: node-sql-parser's transactsql grammar, around the one clause it lacks.
import assert from 'node:assert/strict';
import { Parser } from 'node-sql-parser';
import { ORDER_COLUMNS } from '../../app/store/shared-sql';

export const tsqlParser = new Parser();

/**
 * node-sql-parser's transactsql grammar lacks the OUTPUT clause. Take it out, check that it names
 * only real columns of `inserted`, and hand the rest to the parser.
 */
export function withoutOutputClause(statement: string): string {
  const match = /\sOUTPUT\s+(.+?)\s+(?=VALUES|WHERE)/s.exec(statement);
  if (!match?.[1]) return statement;
  for (const column of match[1].split(',').map((c) => c.trim())) {
    const name = /^inserted\.(\w+)$/.exec(column)?.[1];
    assert.ok(name && (ORDER_COLUMNS as readonly string[]).includes(name), `OUTPUT names an unknown column: ${column}`);
  }
  return statement.replace(match[0], ' ');
}

/** Every statement of a statements object (arrays numbered), as [name, text]. */
export function statementsOf(statements: Record<string, unknown>): Array<readonly [string, string]> {
  return Object.entries(statements).flatMap(([name, text]) =>
    Array.isArray(text) ? text.map((t, i) => [`${name}[${i}]`, String(t)] as const) : [[name, String(text)] as const],
  );
}

export function assertParsesAsTsql(name: string, text: string): void {
  assert.doesNotThrow(() => tsqlParser.astify(withoutOutputClause(text), { database: 'transactsql' }), `${name} does not parse:\n${text}`);
}

interface SqlNode {
  type?: string;
  operator?: string;
  left?: SqlNode;
  right?: SqlNode;
  column?: string;
  value?: unknown;
}

function sqlText(node: SqlNode | undefined): string {
  if (!node) return '?';
  if (node.type === 'binary_expr') return `${sqlText(node.left)} ${node.operator} ${sqlText(node.right)}`;
  if (node.type === 'column_ref') return String(node.column);
  if (node.type === 'single_quote_string') return `'${String(node.value)}'`;
  return String(node.value);
}

/**
 * The conditions a statement's WHERE joins with AND, each as parsed by the T-SQL grammar and
 * written back plainly (`attempts = @attempts`): what the statement really tests, whatever the
 * spacing or order of its text.
 */
export function whereConditions(statement: string): string[] {
  const parsed = tsqlParser.astify(withoutOutputClause(statement), { database: 'transactsql' });
  const ast = (Array.isArray(parsed) ? parsed[0] : parsed) as { where?: SqlNode } | undefined;
  const conjuncts = (node: SqlNode | undefined): SqlNode[] =>
    node?.type === 'binary_expr' && node.operator === 'AND' ? [...conjuncts(node.left), ...conjuncts(node.right)] : node ? [node] : [];
  return conjuncts(ast?.where).map(sqlText);
}
