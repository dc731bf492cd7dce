// How `npm run progress` prints its findings: a short table for a person, or JSON for a tool.
import { partLabel, type PartResult } from './parts';

const MARK: Record<PartResult['status'], string> = { done: '✔', 'not done': '✘', 'not checked': 'not checked yet' };

export function progressTable(results: PartResult[], app: string): string {
  const rows = results.map((result) => [partLabel(result.part), MARK[result.status], result.missing ?? '']);
  const widths = [4, Math.max(...rows.map((row) => row[1]?.length ?? 0), 6)];
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ').trimEnd();
  const done = results.filter((result) => result.status === 'done').length;
  return [
    `Progress of ${app}: ${done} of ${results.length} parts done`,
    '',
    line(['part', 'status', 'what is missing, or why not checked']),
    ...rows.map(line),
    '',
    'Each ✘ names the part of WORKSHOP.md to read again. Parts 1, 3 and 10 are for you to judge.',
  ].join('\n');
}

export function progressJson(results: PartResult[]): string {
  return JSON.stringify({ parts: results }, null, 2);
}
