// An answer as the query API writes it: Kusto's type names, datetimes as ISO text, dynamic as JSON
// text, one PrimaryResult table, `render` beside it when the query asked for a chart.
import type { Diagnostic } from './ast';
import type { QueryResult } from './engine';
import { toWire } from './values';

export interface WireTable {
  name: 'PrimaryResult';
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

export interface WireAnswer {
  tables: WireTable[];
  render?: Record<string, unknown>;
  /** Present only when the answer was cut at a limit: Azure's PartialError, saying which. */
  error?: { code: 'PartialError'; message: string; details: Array<{ code: string; message: string }> };
}

export interface WireError {
  error: { code: string; message: string; innererror?: { code: string; message: string; line: number; pos: number } };
}

export function toWireAnswer(result: QueryResult, limits: { maxRows: number; maxBytes: number }): WireAnswer {
  const columns = result.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows: unknown[][] = [];
  let bytes = 0;
  let cut: string | null = null;
  for (const row of result.rows) {
    if (rows.length >= limits.maxRows) {
      cut = `Query result set has exceeded the internal record count limit ${limits.maxRows} (the answer holds the first ${rows.length} of ${result.rows.length} rows)`;
      break;
    }
    const wire = row.map((value, i) => toWire(value, result.columns[i]?.type ?? 'dynamic'));
    bytes += JSON.stringify(wire).length + 1;
    if (bytes > limits.maxBytes) {
      cut = `Query result set has exceeded the internal data size limit ${limits.maxBytes} bytes (the answer holds the first ${rows.length} of ${result.rows.length} rows)`;
      break;
    }
    rows.push(wire);
  }
  const answer: WireAnswer = { tables: [{ name: 'PrimaryResult', columns, rows }] };
  if (result.render) answer.render = { visualization: result.render.visualization, ...result.render.properties };
  if (cut) answer.error = { code: 'PartialError', message: 'There were some errors when processing your query.', details: [{ code: 'E_QUERY_RESULT_SET_TOO_LARGE', message: cut }] };
  return answer;
}

/** A query that does not parse, analyse or run: 400 BadArgumentError, with where (line from 1, pos from 0 in the line). */
export function toWireError(diagnostics: Diagnostic[]): WireError {
  const first = diagnostics[0];
  const message = first ? `${first.message} (line ${first.line}, position ${first.column - 1})` : 'The query is not valid';
  return {
    error: {
      code: 'BadArgumentError',
      message: 'The request had some invalid properties',
      innererror: { code: first?.code.startsWith('KS') ? 'SemanticError' : first?.code ?? 'SemanticError', message, line: first?.line ?? 1, pos: (first?.column ?? 1) - 1 },
    },
  };
}
