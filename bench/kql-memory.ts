// Run by bench/kql.ts as its own process, as local-insights' query worker would be: warms the
// parser, times one query over the given telemetry file and prints the time and peak memory.
import { DatabaseSync } from 'node:sqlite';
import { warmUp } from '../local-insights/kql/kusto-parser';
import { runKql } from '../local-insights/kql/run-kql';
import { SqliteSource } from '../local-insights/kql/sqlite-source';
import { median } from './measure';

const [file = '', query = ''] = process.argv.slice(2);
warmUp();
const source = new SqliteSource(new DatabaseSync(file, { readOnly: true }));
const times: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const answer = runKql(query, source, { now: Date.now() });
  times.push(performance.now() - started);
  if (!answer.ok) throw new Error(JSON.stringify(answer.diagnostics));
}
console.log(JSON.stringify({ ms: median(times), peakRssMb: process.resourceUsage().maxRSS / 1024 }));
