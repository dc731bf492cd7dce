import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLearnersFile } from './learners-file';
import { Movement, STUCK_AFTER_MINUTES, type Snapshot } from './snapshot';

const at = (learner: string, furthestPart: number | null, version = '0.1.0+abc'): Snapshot => ({
  learner, app: `http://${learner}/`, answering: true, version, queue: 0, failed: 0, scenario: 'Reset', furthestPart,
});
const minutes = (n: number) => n * 60_000;

test('a learner who keeps the same furthest part and version is still for as long as that lasts; a move starts the count again', () => {
  const movement = new Movement();
  assert.equal(movement.observe(at('alice', null), 0), 0);
  assert.equal(movement.observe(at('alice', null), minutes(14)), 14);
  assert.equal(movement.observe(at('alice', null), minutes(STUCK_AFTER_MINUTES)), 15);
  assert.equal(movement.observe(at('alice', 4), minutes(16)), 0, 'part 4 done: she moved');
  assert.equal(movement.observe(at('alice', 4, '0.1.0+def'), minutes(20)), 0, 'a new deploy is a move too');
  assert.equal(movement.observe(at('alice', 4, '0.1.0+def'), minutes(21)), 1);
  assert.equal(movement.observe(at('bob', 7), minutes(21)), 0, 'each learner is counted on their own');
  const down: Snapshot = { learner: 'alice', app: 'http://alice/', answering: false, why: 'did not answer in time' };
  assert.equal(movement.observe(down, minutes(22)), 0, 'going down is a change');
  assert.equal(movement.observe(down, minutes(40)), 18);
});

test('the class file: comments and blank lines skipped, each learner=URL read, mistakes named by line', () => {
  assert.deepEqual(parseLearnersFile('# class of Friday\n\nalice=https://orders-alice-x-app.azurewebsites.net\r\n bob = http://127.0.0.1:4000 \n', 'c.txt'), [
    { learner: 'alice', app: 'https://orders-alice-x-app.azurewebsites.net/' },
    { learner: 'bob', app: 'http://127.0.0.1:4000/' },
  ]);
  assert.throws(() => parseLearnersFile('alice=https://a\n=https://b\n', 'c.txt'), /^Error: c\.txt:2: "=https:\/\/b" is not learner=<app URL>/);
  assert.throws(() => parseLearnersFile('alice=orders-alice-app', 'c.txt'), /c\.txt:1: "orders-alice-app" is not a URL/);
  assert.throws(() => parseLearnersFile('alice=ftp://a', 'c.txt'), /c\.txt:1: "ftp:\/\/a" is not an http\(s\) URL/);
  assert.throws(() => parseLearnersFile('alice=https://a\nalice=https://b', 'c.txt'), /c\.txt:2: learner alice is listed twice/);
  assert.throws(() => parseLearnersFile('# nobody\n', 'c.txt'), /c\.txt: no learner in it/);
});

test('a learner still for 15 minutes is marked "stuck?" in the table and on the page', async () => {
  const { classPage, classTable } = await import('./render');
  const rows = [
    { snapshot: at('alice', null), minutesStill: 15.2, stuck: true },
    { snapshot: at('bob', 7), minutesStill: 3.9, stuck: false },
  ];
  const table = classTable(rows, new Date('2026-12-04T10:00:00Z')).split('\n');
  assert.match(table[2] ?? '', /^alice .* before 4 +15 min, stuck\?$/);
  assert.match(table[3] ?? '', /^bob .* 7 +3 min$/);
  const page = classPage(rows, new Date('2026-12-04T10:00:00Z'), 30);
  assert.match(page, /<tr class="stuck"><th scope="row">alice<\/th>/);
  assert.match(page, /<tr class="ok"><th scope="row">bob<\/th>/);
  assert.match(page, /setTimeout\(\(\) => location\.reload\(\), 30000\)/);
  assert.match(page, /<button type="button" id="pause">Pause refreshing<\/button>/);
});
