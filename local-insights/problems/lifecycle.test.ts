// A problem's life and the triggers each step sets off, one key per event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterOccurrence, compareVersions, mute, powersOfTenCrossed, reopen, resolve, type ProblemCounters } from './lifecycle';

const active: ProblemCounters = { count: 5, state: 'active', resolvedInVersion: null, reactivations: 0, resolutions: 0, reopenings: 0 };
const keys = (change: { fired: Array<{ key: string }> }) => change.fired.map((f) => f.key);

test('a first occurrence makes a new, active problem and fires "new"', () => {
  const change = afterOccurrence(undefined, { version: '1.0.0', itemCount: 1 });
  assert.deepEqual([change.next.state, change.next.count, keys(change)], ['active', 1, ['new']]);
});

test('the 10th, 100th and 1,000th occurrences fire once each, and the 11th does not', () => {
  assert.deepEqual(keys(afterOccurrence({ ...active, count: 9 }, { version: null, itemCount: 1 })), ['occurrences10n:10']);
  assert.deepEqual(keys(afterOccurrence({ ...active, count: 10 }, { version: null, itemCount: 1 })), []);
  assert.deepEqual(keys(afterOccurrence({ ...active, count: 99 }, { version: null, itemCount: 1 })), ['occurrences10n:100']);
  assert.deepEqual(powersOfTenCrossed(8, 1500), [10, 100, 1000], 'a sampled item standing for many crosses each power once');
  assert.deepEqual(powersOfTenCrossed(10, 99), []);
});

test('a resolved problem that occurs again is reactivated, each time with its own key', () => {
  const resolved = resolve(active, null).next;
  const first = afterOccurrence(resolved, { version: '1.0.0', itemCount: 1 });
  assert.deepEqual([first.next.state, keys(first)], ['active', ['reactivated:1']]);
  const second = afterOccurrence(resolve(first.next, null).next, { version: '1.0.0', itemCount: 1 });
  assert.deepEqual(keys(second), ['reactivated:2']);
});

test('resolved in a version, an occurrence from an older version is counted and does not reactivate', () => {
  const resolved = resolve(active, '1.3.0+abc').next;
  const old = afterOccurrence(resolved, { version: '1.2.9+def', itemCount: 1 });
  assert.deepEqual([old.next.state, old.next.count, keys(old)], ['resolved', 6, []]);
  assert.deepEqual(keys(afterOccurrence(resolved, { version: '1.3.0+fff', itemCount: 1 })), ['reactivated:1']);
  assert.deepEqual(keys(afterOccurrence(resolved, { version: '1.10.0', itemCount: 1 })), ['reactivated:1']);
});

test('a reactivated problem is no longer resolved in any version', () => {
  const back = afterOccurrence(resolve(active, '1.3.0').next, { version: '1.4.0', itemCount: 1 });
  assert.deepEqual([back.next.state, back.next.resolvedInVersion], ['active', null]);
});

test('resolving fires "resolved" once; resolving again the same way fires nothing', () => {
  const once = resolve(active, '2.0.0');
  assert.deepEqual(keys(once), ['resolved:1']);
  assert.deepEqual(keys(resolve(once.next, '2.0.0')), []);
  assert.deepEqual(keys(resolve(once.next, '2.1.0')), ['resolved:2']);
});

test('reopening a resolved or muted problem fires "reopened"; an active one stays as it is', () => {
  assert.deepEqual(keys(reopen(resolve(active, null).next)), ['reopened:1']);
  assert.deepEqual(keys(reopen(mute(active).next)), ['reopened:1']);
  assert.deepEqual(keys(reopen(active)), []);
});

test('a muted problem counts its occurrences and fires nothing, not even at the 10th', () => {
  const change = afterOccurrence({ ...mute(active).next, count: 9 }, { version: null, itemCount: 1 });
  assert.deepEqual([change.next.count, change.next.state, keys(change)], [10, 'muted', []]);
});

test('versions compare numerically on what precedes the build metadata', () => {
  assert.equal(compareVersions('1.10.0', '1.9.0'), 1);
  assert.equal(compareVersions('0.1.0+abc', '0.1.0+def'), 0);
  assert.equal(compareVersions('v2.0', '2.0.1'), -1);
});
