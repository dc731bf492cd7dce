// The queries WORKSHOP.md gives learners, read from the document itself so that a test can run
// them (the local track's SQL, and the KQL through local-insights' engine) or check them against the
// telemetry the app really sends.
import fs from 'node:fs';
import path from 'node:path';

const WORKSHOP = path.resolve(__dirname, '../../WORKSHOP.md');

export interface FencedQuery {
  language: 'sql' | 'kusto';
  text: string;
  /** The line of WORKSHOP.md where the block starts, for failure messages. */
  line: number;
}

export function workshopQueries(): FencedQuery[] {
  const text = fs.readFileSync(WORKSHOP, 'utf8');
  const queries: FencedQuery[] = [];
  for (const match of text.matchAll(/^```(sql|kusto)\n([\s\S]*?)^```/gm)) {
    const line = text.slice(0, match.index).split('\n').length;
    queries.push({ language: match[1] as 'sql' | 'kusto', text: match[2] ?? '', line });
  }
  return queries;
}

/** One tabular expression of a KQL query: the table it reads and the text of its pipeline. */
export interface KqlPipeline {
  table: string;
  text: string;
}

/**
 * Splits a KQL query into the pipelines that start from a table. A pipeline starts on a line that
 * is a bare name (`traces`) or a `let x = name`; names bound by `let` are not tables.
 */
export function kqlPipelines(query: string): KqlPipeline[] {
  const pipelines: KqlPipeline[] = [];
  const bound = new Set<string>();
  for (const raw of query.split('\n')) {
    const line = raw.trim();
    const start = /^(?:let (\w+) = )?([A-Za-z]\w*);?$/.exec(line);
    if (start) {
      const [, name, source = ''] = start;
      if (name) bound.add(name);
      pipelines.push({ table: bound.has(source) ? '' : source, text: '' });
      continue;
    }
    const current = pipelines[pipelines.length - 1];
    if (current) current.text += `${line}\n`;
  }
  return pipelines.filter((pipeline) => pipeline.table !== '');
}

/** `column == "value"` comparisons, and `customDimensions.key` reads, in a pipeline. */
export function kqlReferences(pipeline: string): { comparisons: Array<[string, string]>; dimensions: string[] } {
  const comparisons = [...pipeline.matchAll(/\b(\w+) == "([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? ''] as [string, string]);
  const dimensions = [...new Set([...pipeline.matchAll(/customDimensions\.(\w+)/g)].map((m) => m[1] ?? ''))];
  return { comparisons, dimensions };
}
