// The charts' time axis (pages/time-axis.js, run here as the browser runs it): ticks on round
// times at even steps, labels that say those times, an axis spanning every point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

interface Axis { min: number; max: number; step: number; values: number[] }
const timeAxis = createRequire(__filename)('./time-axis.js') as {
  ticks(min: number, max: number, zone: 'utc' | 'local', bin?: number): Axis;
  binOf(xs: number[]): number;
  label(t: number, step: number, zone: 'utc' | 'local'): string | string[];
};
const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

test('five-minute bins over 37 minutes get a tick every 5 minutes, on the bins, not every 200,000 ms', () => {
  const axis = timeAxis.ticks(at('2024-05-01T10:03:00Z'), at('2024-05-01T10:40:00Z'), 'utc');
  assert.equal(axis.step, 5 * MINUTE);
  assert.deepEqual(axis.values.map((t) => new Date(t).toISOString().slice(11, 16)), ['10:00', '10:05', '10:10', '10:15', '10:20', '10:25', '10:30', '10:35', '10:40']);
  assert.equal(axis.min, at('2024-05-01T10:00:00Z'));
  assert.equal(axis.max, at('2024-05-01T10:40:00Z'));
});

test('the step grows with the range, always a round one, and the ticks are evenly spaced', () => {
  const cases: Array<[string, string, number]> = [
    ['2024-05-01T10:00:05Z', '2024-05-01T10:00:50Z', 10_000], ['2024-05-01T10:00:00Z', '2024-05-01T10:07:00Z', MINUTE],
    ['2024-05-01T09:00:00Z', '2024-05-01T12:00:00Z', 30 * MINUTE], ['2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z', 3 * 60 * MINUTE],
  ];
  for (const [from, to, step] of cases) {
    const axis = timeAxis.ticks(at(from), at(to), 'utc');
    assert.equal(axis.step, step, `${from} – ${to}`);
    assert.ok(axis.values.length <= 9, `${from} – ${to}: ${axis.values.length} ticks`);
    axis.values.forEach((t, i) => {
      assert.equal(t % step, 0, `${new Date(t).toISOString()} is a round time`);
      if (i > 0) assert.equal(t - (axis.values[i - 1] ?? 0), step);
    });
    assert.ok(axis.min <= at(from) && axis.max >= at(to));
  }
});

test('ticks are a whole number of bins apart, so every point sits on a tick or at the same place between two', () => {
  // Over 12 minutes a 2-minute step would be the finest; with 5-minute bins it is 5 minutes.
  const fiveMinuteBins = [at('2024-05-01T10:00:00Z'), at('2024-05-01T10:05:00Z'), at('2024-05-01T10:10:00Z')];
  assert.equal(timeAxis.binOf(fiveMinuteBins), 5 * MINUTE);
  assert.equal(timeAxis.ticks(at('2024-05-01T10:00:00Z'), at('2024-05-01T10:12:00Z'), 'utc').step, 2 * MINUTE);
  assert.equal(timeAxis.ticks(at('2024-05-01T10:00:00Z'), at('2024-05-01T10:10:00Z'), 'utc', 5 * MINUTE).step, 5 * MINUTE);
  // Two 1-minute bins: a tick each minute, not every 10 seconds.
  assert.deepEqual(timeAxis.ticks(at('2024-05-01T10:00:00Z'), at('2024-05-01T10:01:00Z'), 'utc', MINUTE).values, [at('2024-05-01T10:00:00Z'), at('2024-05-01T10:01:00Z')]);
});

test('a single point gets an axis around it, a minute wide when nothing says the bin', () => {
  assert.equal(timeAxis.binOf([at('2024-05-01T10:03:00Z')]), MINUTE);
  const axis = timeAxis.ticks(at('2024-05-01T10:03:00Z'), at('2024-05-01T10:03:00Z'), 'utc', MINUTE);
  assert.deepEqual(axis.values, [at('2024-05-01T10:03:00Z'), at('2024-05-01T10:04:00Z')]);
});

test('labels say the tick\'s time to the step\'s precision, with the date at midnight', () => {
  assert.equal(timeAxis.label(at('2024-05-01T10:05:00Z'), 5 * MINUTE, 'utc'), '10:05');
  assert.equal(timeAxis.label(at('2024-05-01T10:05:30Z'), 10_000, 'utc'), '10:05:30');
  assert.deepEqual(timeAxis.label(at('2024-05-02T00:00:00Z'), 3 * 60 * MINUTE, 'utc'), ['00:00', '02/05']);
});

test('in local time (London, summer) two-hourly ticks fall on even local hours', () => {
  const saved = process.env.TZ;
  process.env.TZ = 'Europe/London';
  try {
    const axis = timeAxis.ticks(at('2024-07-01T00:30:00Z'), at('2024-07-01T12:00:00Z'), 'local');
    assert.equal(axis.step, 2 * 60 * MINUTE);
    assert.deepEqual(axis.values.map((t) => timeAxis.label(t, axis.step, 'local')), ['00:00', '02:00', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00'].map((h, i) => (i === 0 ? [h, '01/07'] : h)));
    assert.equal(axis.values[1], at('2024-07-01T01:00:00Z'), '02:00 in London is 01:00 UTC');
  } finally {
    process.env.TZ = saved;
  }
});
