// The Queries pane's contents: WORKSHOP.md's KQL blocks titled by their part, then the common
// queries in both schemas. (Each is run through the query API in tests/integration/logs-queries.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { savedQueries, workshopQueries } from './saved-queries';

test('each KQL block of WORKSHOP.md is offered under its part, numbered when the part has several', () => {
  const markdown = '# Workshop\n\n## Part 1: one\n\n```kusto\nrequests | count\n```\n\n```sh\nnpm start\n```\n\n## Part 2: two\n\n### A step\n\n```kusto\ntraces\n| take 1\n```\n\n```kusto\nexceptions | count\n```\n';
  assert.deepEqual(workshopQueries(markdown), [
    { title: 'Part 1: one', query: 'requests | count' },
    { title: 'Part 2: two (1)', query: 'traces\n| take 1' },
    { title: 'Part 2: two (2)', query: 'exceptions | count' },
  ]);
});

test('without WORKSHOP.md the pane still offers the common queries, the same questions in each schema', () => {
  const groups = savedQueries('/no/such/WORKSHOP.md');
  assert.deepEqual(groups.map((g) => g.name), ['Common: classic tables (requests …)', 'Common: workspace tables (AppRequests …)']);
  const [classic, workspace] = groups;
  assert.deepEqual(classic?.queries.map((q) => q.title), workspace?.queries.map((q) => q.title));
  assert.ok(classic?.queries.every((q) => /^(requests|dependencies|exceptions|traces|customMetrics)\n/.test(q.query)));
  assert.ok(workspace?.queries.every((q) => /^App[A-Z]\w+\n/.test(q.query)));
  assert.ok(classic?.queries.some((q) => q.title === 'Failure rate by operation'));
});
