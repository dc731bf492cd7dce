// Timespan and datetime literals as a query writes them, and the text todatetime() reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KqlError } from './ast';
import { parseDatetimeLiteral, parseDatetimeText, parseTimespanLiteral } from './literals';

const MAY_1 = Date.parse('2024-05-01T00:00:00Z');

test('a timespan with a unit, in every spelling of each unit', () => {
  const cases: Array<[string, number]> = [
    ['2d', 172_800_000], ['1day', 86_400_000], ['2days', 172_800_000],
    ['1.5h', 5_400_000], ['1hr', 3_600_000], ['2hrs', 7_200_000], ['1hour', 3_600_000], ['2hours', 7_200_000],
    ['5m', 300_000], ['1min', 60_000], ['1minute', 60_000], ['3minutes', 180_000],
    ['30s', 30_000], ['1sec', 1000], ['1second', 1000], ['2seconds', 2000],
    ['250ms', 250], ['1milli', 1], ['2millis', 2], ['1millisecond', 1], ['3milliseconds', 3],
    ['500microsecond', 0.5], ['1500microseconds', 1.5], ['1tick', 0.0001], ['20000ticks', 2],
    ['-10m', -600_000], ['timespan(2d)', 172_800_000], ['time( 1h )', 3_600_000],
  ];
  for (const [text, ms] of cases) assert.equal(parseTimespanLiteral(text, 0), ms, text);
});

test('a timespan as a clock, with days, seconds and a fraction, or as a bare number of days', () => {
  assert.equal(parseTimespanLiteral('timespan(00:05:00)', 0), 300_000);
  assert.equal(parseTimespanLiteral('time(1.02:03:04.5)', 0), 93_784_500);
  assert.equal(parseTimespanLiteral('timespan(-00:00:01.25)', 0), -1250);
  assert.equal(parseTimespanLiteral('timespan(2:30)', 0), 9_000_000);
  assert.equal(parseTimespanLiteral('timespan(1.5)', 0), 129_600_000);
  assert.equal(parseTimespanLiteral('timespan(-2)', 0), -172_800_000);
});

test('an unreadable timespan is a KQL error at its position', () => {
  for (const text of ['5 fortnights', 'timespan()', 'h']) {
    assert.throws(() => parseTimespanLiteral(text, 17), (e: unknown) => e instanceof KqlError && e.message === `cannot read the timespan ${text}` && e.at === 17, text);
  }
});

test('datetime literals: a date, a date and time, ISO with a zone, seven fraction digits', () => {
  assert.equal(parseDatetimeLiteral('datetime(2024-05-01)', 0), MAY_1);
  assert.equal(parseDatetimeLiteral('date(2024-05-01)', 0), MAY_1);
  assert.equal(parseDatetimeLiteral('datetime( 2024-05-01 10:00:01.5 )', 0), MAY_1 + 36_001_500);
  assert.equal(parseDatetimeLiteral('datetime(2024-05-01T10:00Z)', 0), MAY_1 + 36_000_000);
  assert.equal(parseDatetimeLiteral('datetime(2024-05-01T10:00:00+02:00)', 0), MAY_1 + 28_800_000);
  assert.equal(parseDatetimeLiteral('datetime(2024-05-01T00:00:00.1234567Z)', 0), MAY_1 + 123.4567);
  assert.equal(parseDatetimeLiteral('2024-05-01', 0), MAY_1);
});

test('an unreadable datetime is a KQL error at its position', () => {
  for (const text of ['datetime(yesterday)', 'datetime(2024-13-45)']) {
    assert.throws(() => parseDatetimeLiteral(text, 3), (e: unknown) => e instanceof KqlError && e.message === `cannot read the datetime ${text}` && e.at === 3, text);
  }
});

test('datetime text: UTC unless it has a zone; null when it is not a date', () => {
  assert.equal(parseDatetimeText('2024-05-01'), MAY_1);
  assert.equal(parseDatetimeText(' 2024-05-01 00:00:00 '), MAY_1);
  assert.equal(parseDatetimeText('2024-05-01T01:00:00+0100'), MAY_1);
  assert.equal(parseDatetimeText('2024-05-01T00:00:00z'), MAY_1);
  assert.equal(parseDatetimeText('2024-05-01T00:00:00.500Z'), MAY_1 + 500);
  assert.equal(parseDatetimeText('2024-05-01T00:00:00.5009Z'), MAY_1 + 500.9);
  assert.equal(parseDatetimeText('May 1, 2024'), null);
  assert.equal(parseDatetimeText('2024-05-01Tnoon'), null);
});

test('a timespan literal is read whole: spaces around it are fine, anything before or after it is not', () => {
  assert.equal(parseTimespanLiteral(' time(1h) ', 0), 3_600_000);
  assert.equal(parseTimespanLiteral(' 5m ', 0), 300_000);
  assert.equal(parseTimespanLiteral('1.25h', 0), 4_500_000);
  assert.equal(parseTimespanLiteral('timespan(12.01:00:00)', 0), 12 * 86_400_000 + 3_600_000);
  assert.equal(parseTimespanLiteral('timespan(12)', 0), 12 * 86_400_000);
  assert.equal(parseTimespanLiteral('timespan(1.25)', 0), 108_000_000);
  assert.equal(parseTimespanLiteral('timespan(01:02:03.25)', 0), 3_723_250);
  for (const text of ['xtime(1h)', 'time(1h)x', 'x5m', '5m3', 'timespan(x01:00)', 'timespan(01:00:00x)', 'timespan(12x)', 'timespan(x12)']) {
    assert.throws(() => parseTimespanLiteral(text, 0), KqlError, text);
  }
});

test('a datetime literal is read whole too', () => {
  assert.equal(parseDatetimeLiteral(' datetime(2024-05-01) ', 0), MAY_1);
  for (const text of ['xdatetime(2024-05-01)', 'datetime(2024-05-01)x']) {
    assert.throws(() => parseDatetimeLiteral(text, 0), KqlError, text);
  }
});

test('a date needs two-digit month and day', () => {
  assert.equal(parseDatetimeText('2024-05-1'), null);
  assert.equal(parseDatetimeText('2024-5-01'), null);
});

test('text without a zone is UTC whatever the machine\'s time zone (a learner\'s laptop is rarely on UTC)', (t) => {
  const before = process.env.TZ;
  t.after(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
  process.env.TZ = 'America/New_York';
  assert.equal(new Date(0).getTimezoneOffset(), 300, 'the zone change took effect');
  assert.equal(parseDatetimeText('2024-05-01T10:00:00'), MAY_1 + 36_000_000);
  assert.equal(parseDatetimeText('2024-05-01 10:00'), MAY_1 + 36_000_000);
  assert.equal(parseDatetimeText('2024-05-01'), MAY_1);
});
