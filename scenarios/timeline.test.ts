import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarios } from './catalog';
import { loadAt } from './timeline';

const minutes = (m: number) => m * 60_000;

test('baseline sends an order every 30 s, or 30/TIME_SCALE s when scaled', () => {
  assert.equal(loadAt(scenarios.Reset.load, 0, 1).intervalMs, 30_000);
  assert.equal(loadAt(scenarios.Reset.load, 0, 100).intervalMs, 300);
});

test('Monitoring Load peaks for 30 minutes, faster than the app pays by default, then falls back to baseline', () => {
  const load = scenarios.HighLoad.load;
  const during = loadAt(load, minutes(29), 1);
  assert.equal(during.phase, 'peak');
  assert.ok(during.intervalMs < 5000, 'faster than one order per 5 s');
  assert.equal(during.phaseEndsInMs, minutes(1));
  assert.deepEqual(loadAt(load, minutes(30), 1), { phase: 'after-peak', intervalMs: 30_000, phaseEndsInMs: null });
});

test('TIME_SCALE shortens the whole timeline by the same factor', () => {
  const load = scenarios.HighLoad.load;
  assert.equal(loadAt(load, minutes(29) / 60, 60).phase, 'peak');
  assert.equal(loadAt(load, minutes(30) / 60, 60).phase, 'after-peak');
});

test('System Monitoring sends an order every second for as long as it runs', () => {
  for (const at of [0, minutes(60), minutes(600)]) assert.equal(loadAt(scenarios.VeryHighLoad.load, at, 1).intervalMs, 1000);
});
