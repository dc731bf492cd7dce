// The corpus of Microsoft's published queries over Application Insights data (published-queries.ts),
// every one run against known telemetry (corpus-telemetry.ts). Each must answer; for a sample the
// answer is worked out by hand from the telemetry's list. Queries that wait for other work are
// refused in words today, never answered wrongly, and the docs give the corpus's count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyse, warmUp } from '../kusto-parser';
import { answerOn, openCorpusTelemetry } from './corpus-telemetry';
import { PUBLISHED_QUERIES } from './published-queries';
import { queryFeatures } from './query-features';

const telemetry = openCorpusTelemetry();
before(() => warmUp());
after(() => telemetry.close());

function answer(query: string): { columns: string[]; rows: unknown[][] } {
  const { columns, rows } = answerOn(telemetry.source, query);
  return { columns: columns.map((c) => c.name), rows };
}
const byTitle = (title: string): string => {
  const found = PUBLISHED_QUERIES.find((q) => q.title === title);
  if (!found) throw new Error(`no corpus query titled ${title}`);
  return found.query;
};
const column = (result: { columns: string[]; rows: unknown[][] }, name: string): unknown[] => result.rows.map((row) => row[result.columns.indexOf(name)]);

describe('the corpus of published queries', () => {
  for (const published of PUBLISHED_QUERIES) {
    test(`${published.title} runs, and uses what its list says`, () => {
      answer(published.query);
      const analysis = analyse(published.query);
      assert.ok(analysis.ok);
      const sorted = (list: string[]) => [...list].sort();
      assert.deepEqual(sorted(queryFeatures(analysis.query)), sorted(published.needs));
    });
  }

  // Worked out by hand from CORPUS_ITEMS: r2 (10:02:30) is sampled at 50%, so it counts twice in
  // itemCount; so does trace t4 (11:20:02).
  const HAND_WORKED: Array<[string, unknown[][]]> = [
    ['Failed requests (requests/failed)', [['2024-05-01T10:00:00Z', 2], ['2024-05-01T11:20:00Z', 1]]],
    ['Server requests (requests/count)', [['2024-05-01T10:00:00Z', 3], ['2024-05-01T10:05:00Z', 1], ['2024-05-01T11:20:00Z', 1], ['2024-05-01T11:55:00Z', 1]]],
    ['Traces (traces/count)', [['2024-05-01T10:00:00Z', 2], ['2024-05-01T11:00:00Z', 3]]],
    ['Dependency call failures (dependencies/failed)', [['2024-05-01T11:20:00Z', 1]]],
    ['Server exceptions (exceptions/server)', [['2024-05-01T11:20:00Z', 1]]],
    ['Browser exceptions (exceptions/browser)', []],
    ['Custom events in Log Analytics', [[1]]],
    ['Requests in Log Analytics', [['POST /new', 3, 75], ['GET /', 1, 10], ['POST /ProcessPayment', 2, 1125]]],
    ['Exceptions in Log Analytics: count by type', [['PaymentFailed', 1]]],
    ['Dependencies in Log Analytics: count by target', [['localhost:3001', 2]]],
  ];
  for (const [title, rows] of HAND_WORKED) {
    test(`${title} answers as worked out by hand`, () => {
      assert.deepEqual(answer(byTitle(title)).rows, rows);
    });
  }

  test('the stack frame read out of details is the second frame\'s method', () => {
    assert.deepEqual(column(answer(byTitle('Exceptions in Log Analytics: a frame from details')), 'method2'), ['tick']);
  });

  test('exceptions and dependencies meet their requests by operation_Id', () => {
    assert.deepEqual(column(answer(byTitle('Exceptions in Log Analytics: with their requests')), 'id'), ['r4']);
    assert.deepEqual(column(answer(byTitle('Dependencies in Log Analytics: with their requests')), 'id1'), ['r4', 'r5']);
  });

  test('every query names its source, and no title is used twice', () => {
    const all = PUBLISHED_QUERIES;
    assert.ok(all.every((q) => /^https:\/\/(learn\.microsoft\.com|github\.com)\//.test(q.source)));
    assert.equal(new Set(all.map((q) => q.title)).size, all.length);
  });

  test('docs/telemetry.md gives the corpus\'s count as it stands', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'telemetry.md'), 'utf8');
    assert.match(docs.replace(/\s+/g, ' '), new RegExp(`All ${PUBLISHED_QUERIES.length} queries of the corpus run here`));
    const uses = new Map<string, number>();
    for (const query of PUBLISHED_QUERIES) for (const need of new Set(query.needs)) uses.set(need, (uses.get(need) ?? 0) + 1);
    const most = [...uses].sort((a, b) => b[1] - a[1]).slice(0, 9).map(([name, count]) => `\`${name}\` (${count})`).join(', ');
    assert.ok(docs.includes(`What the corpus uses most, by the number of\nqueries: ${most}.`), most);
  });
});
