// One call from KQL text to an answer: analyse with Microsoft's parser, then run with our engine.
import type { Diagnostic } from './ast';
import { KqlError } from './ast';
import { runQuery, type QueryResult, type RunOptions, type TableSource } from './engine';
import { analyse } from './kusto-parser';
import { positionOf } from './positions';

export type KqlAnswer = { ok: true; result: QueryResult } | { ok: false; diagnostics: Diagnostic[] };

export function runKql(text: string, source: TableSource, options: RunOptions): KqlAnswer {
  const analysis = analyse(text);
  if (!analysis.ok) return analysis;
  try {
    return { ok: true, result: runQuery(analysis.query, source, options) };
  } catch (error) {
    // Problems found while running (a bad regex, an unsupported function) are reported like the analyser's.
    if (error instanceof KqlError) return { ok: false, diagnostics: [{ code: error.code, message: error.message, ...positionOf(text, error.at, 1) }] };
    throw error;
  }
}
