import assert from 'node:assert/strict';
import { once, EventEmitter } from 'node:events';
import { test } from 'node:test';
import { AlertStore } from './alert-store';
import type { EvaluationResult } from './evaluator';
import { AlertScheduler } from './scheduler';

const RULE = {
  description: 'a rule', severity: 3, enabled: true, evaluationFrequency: 'PT1M', windowSize: 'PT1M',
  criteria: { allOf: [{ query: 'requests', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 } }] },
  autoMitigate: true, actions: { actionGroups: [] },
};

test('a rule still being evaluated skips its turn, says so at once, and its next evaluation counts the turns it missed', { timeout: 20_000 }, async () => {
  const store = AlertStore.open(':memory:');
  store.putDefinition('rule', 'slow', RULE, new Date());
  const events = new EventEmitter();
  const calls: Array<{ name: string; skippedTurns: number | undefined }> = [];
  let release = (): void => undefined;
  const evaluator = {
    evaluate(name: string, _at: Date, turns: { skippedTurns?: number } = {}): Promise<EvaluationResult | undefined> {
      calls.push({ name, skippedTurns: turns.skippedTurns });
      events.emit('evaluate');
      // The first evaluation hangs, as one waiting behind a long Logs query does, until released.
      return calls.length === 1 ? new Promise((resolve) => { release = () => resolve(undefined); }) : Promise.resolve(undefined);
    },
  };
  const skips: Array<[string, number]> = [];
  const scheduler = new AlertScheduler({
    store, evaluator, timeScale: 6000, clock: () => new Date(), // PT1M ÷ 6000 = a turn every 10 ms
    onError: (rule, error) => assert.fail(`${rule}: ${String(error)}`),
    onSkip: (rule, turns) => { skips.push([rule, turns]); events.emit('skip'); },
  });
  try {
    scheduler.refresh();
    await once(events, 'evaluate');
    while (skips.length < 3) await once(events, 'skip');
    assert.deepEqual(skips.slice(0, 3), [['slow', 1], ['slow', 2], ['slow', 3]], 'each skipped turn is reported, counting those in a row');
    release();
    await once(events, 'evaluate');
    assert.deepEqual(calls[0], { name: 'slow', skippedTurns: 0 });
    assert.equal(calls[1]?.skippedTurns, skips.length, 'the next evaluation carries every turn missed before it');
    const before = skips.length;
    await once(events, 'evaluate');
    assert.equal(calls[2]?.skippedTurns, 0, 'the count starts again after an evaluation');
    assert.equal(skips.length, before, 'no turn is skipped while evaluations keep up');
  } finally {
    await scheduler.stop();
    store.close();
  }
});

test('a rule disabled while it was skipping turns starts afresh when enabled again', { timeout: 20_000 }, async () => {
  const store = AlertStore.open(':memory:');
  store.putDefinition('rule', 'slow', RULE, new Date());
  const events = new EventEmitter();
  const calls: Array<number | undefined> = [];
  let release = (): void => undefined;
  const evaluator = {
    evaluate(_name: string, _at: Date, turns: { skippedTurns?: number } = {}): Promise<EvaluationResult | undefined> {
      calls.push(turns.skippedTurns);
      events.emit('evaluate');
      return calls.length === 1 ? new Promise((resolve) => { release = () => resolve(undefined); }) : Promise.resolve(undefined);
    },
  };
  let skips = 0;
  const scheduler = new AlertScheduler({
    store, evaluator, timeScale: 6000, clock: () => new Date(),
    onError: (rule, error) => assert.fail(`${rule}: ${String(error)}`),
    onSkip: () => { skips += 1; events.emit('skip'); },
  });
  try {
    scheduler.refresh();
    await once(events, 'evaluate');
    while (skips < 2) await once(events, 'skip');
    store.putDefinition('rule', 'slow', { ...RULE, enabled: false }, new Date());
    scheduler.refresh();
    release();
    await new Promise((resolve) => setImmediate(resolve)); // the first evaluation ends while the rule is off
    store.putDefinition('rule', 'slow', RULE, new Date());
    scheduler.refresh();
    await once(events, 'evaluate');
    assert.deepEqual(calls, [0, 0], 'the turns skipped before it was disabled are not counted against the new run');
  } finally {
    await scheduler.stop();
    store.close();
  }
});
