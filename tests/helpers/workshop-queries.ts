// The KQL queries WORKSHOP.md gives learners, read from the document itself so that a test can
// run every one through local-insights' analyser and engine on the telemetry the app really sends.
import fs from 'node:fs';
import path from 'node:path';

const WORKSHOP = path.resolve(__dirname, '../../WORKSHOP.md');

export interface FencedQuery {
  language: 'kusto';
  text: string;
  /** The line of WORKSHOP.md where the block starts, for failure messages. */
  line: number;
}

export function workshopQueries(): FencedQuery[] {
  const text = fs.readFileSync(WORKSHOP, 'utf8');
  const queries: FencedQuery[] = [];
  for (const match of text.matchAll(/^```kusto\n([\s\S]*?)^```/gm)) {
    const line = text.slice(0, match.index).split('\n').length;
    queries.push({ language: 'kusto', text: match[1] ?? '', line });
  }
  return queries;
}
