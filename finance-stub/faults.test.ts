import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarios } from '../scenarios/catalog';
import { seededRandom } from '../scenarios/random';
import { decideFault, type FaultDecision } from './faults';

const draw = (seed: number, n: number): FaultDecision[] => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => decideFault(scenarios.UnreliableProcessing.faults, random));
};

test('the same seed gives the same faults in the same order', () => {
  assert.deepEqual(draw(42, 200), draw(42, 200));
  assert.notDeepEqual(draw(42, 200), draw(43, 200));
});

test('Queue Reliability fails about its share of payments with 500 or 503 and hangs about its share', () => {
  const decisions = draw(7, 20_000);
  const share = (kind: FaultDecision) => decisions.filter((d) => d === kind).length / decisions.length;
  const { failShare, hangShare } = scenarios.UnreliableProcessing.faults;
  assert.ok(Math.abs(share('fail-500') + share('fail-503') - failShare) < 0.02);
  assert.ok(Math.abs(share('hang') - hangShare) < 0.01);
  assert.ok(share('fail-500') > 0 && share('fail-503') > 0);
});

test('without faults every payment is let through', () => {
  const random = seededRandom(1);
  for (let i = 0; i < 100; i++) assert.equal(decideFault(null, random), 'ok');
});
