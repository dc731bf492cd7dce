import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeScenario } from './scenario-badge';

const status = (scenario: string, phase: 'steady' | 'peak' | 'after-peak' = 'steady', phaseEndsInSeconds: number | null = null, timeScale = 1) =>
  ({ scenario, timeScale, load: { phase, phaseEndsInSeconds } });

test('Monitoring Load shows its phase and the time left of the peak, as minutes and seconds', () => {
  assert.deepEqual(describeScenario(status('HighLoad', 'peak', 725)).text, 'Monitoring Load: peak, 12:05 left');
  assert.equal(describeScenario(status('HighLoad', 'peak', 59)).text, 'Monitoring Load: peak, 0:59 left');
  assert.equal(describeScenario(status('HighLoad', 'after-peak')).text, 'Monitoring Load: after the peak');
  assert.equal(describeScenario(status('HighLoad', 'peak', 30, 60)).tone, 'warning');
  assert.match(describeScenario(status('HighLoad', 'peak', 30, 60)).detail, /60 times faster \(TIME_SCALE\)/);
});

test('the misbehaving scenarios are warnings by their label; Reset and a broken order are normal running', () => {
  assert.deepEqual([describeScenario(status('UnreliableProcessing')).text, describeScenario(status('UnreliableProcessing')).tone], ['Queue Reliability', 'warning']);
  assert.equal(describeScenario(status('VeryHighLoad')).text, 'System Monitoring');
  for (const name of ['Reset', 'BrokenOrder']) assert.deepEqual([describeScenario(status(name)).text, describeScenario(status(name)).tone], ['Normal running', 'secondary']);
});

test('no answer, or an answer naming no scenario we know, says so in danger colours', () => {
  assert.deepEqual([describeScenario(undefined).text, describeScenario(undefined).tone], ['Finance package not answering', 'danger']);
  assert.equal(describeScenario(status('SomethingElse')).tone, 'danger');
  assert.match(describeScenario(undefined).detail, /FINANCE_PACKAGE_URL/);
});
