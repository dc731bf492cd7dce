import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLondonForDisplay, londonOffsetMinutes, parseIsoWithOffset, toIsoWithOffset, toLondonIso } from './london-time';

const london = (iso: string) => toLondonIso(new Date(iso));

test('a winter instant is written in GMT with a +00:00 offset', () => {
  assert.equal(london('2024-01-15T09:30:00Z'), '2024-01-15T09:30:00+00:00');
});

test('a summer instant is written in BST with a +01:00 offset', () => {
  assert.equal(london('2024-07-01T11:00:00Z'), '2024-07-01T12:00:00+01:00');
});

test('at the spring change 01:00 UTC becomes 02:00 BST', () => {
  assert.equal(london('2024-03-31T00:59:59Z'), '2024-03-31T00:59:59+00:00');
  assert.equal(london('2024-03-31T01:00:00Z'), '2024-03-31T02:00:00+01:00');
});

test('at the autumn change 01:00 UTC becomes 01:00 GMT again', () => {
  assert.equal(london('2024-10-27T00:59:59Z'), '2024-10-27T01:59:59+01:00');
  assert.equal(london('2024-10-27T01:00:00Z'), '2024-10-27T01:00:00+00:00');
});

test('an order placed in +10:00 is converted to the same instant in London', () => {
  const placed = parseIsoWithOffset('2024-03-31T12:00:00+10:00');
  assert.ok(!('error' in placed));
  assert.equal(toLondonIso(placed.instant), '2024-03-31T03:00:00+01:00');
});

test('an order placed with Z is converted to London time', () => {
  const placed = parseIsoWithOffset('2024-06-01T23:30:00Z');
  assert.ok(!('error' in placed));
  assert.equal(toLondonIso(placed.instant), '2024-06-02T00:30:00+01:00');
});

test('the broken order of the year 3000 converts to a winter London date', () => {
  const placed = parseIsoWithOffset('3000-01-01T12:00:00Z');
  assert.ok(!('error' in placed));
  assert.equal(toLondonIso(placed.instant), '3000-01-01T12:00:00+00:00');
  assert.equal(londonOffsetMinutes(placed.instant), 0);
});

test('milliseconds are kept when there are some', () => {
  assert.equal(toIsoWithOffset(new Date('2024-01-01T00:00:00.250Z'), 600), '2024-01-01T10:00:00.250+10:00');
});

test('negative offsets are written with a minus sign', () => {
  assert.equal(toIsoWithOffset(new Date('2024-01-01T12:00:00Z'), -210), '2024-01-01T08:30:00-03:30');
});

test('the dashboard shows London time as dd/mm/yyyy HH:MM:SS', () => {
  assert.equal(formatLondonForDisplay(new Date('2024-07-01T11:05:09Z')), '01/07/2024 12:05:09');
  assert.equal(formatLondonForDisplay(new Date('2024-12-24T23:59:59Z')), '24/12/2024 23:59:59');
});

test('a date and offset round-trip through parsing and writing unchanged', () => {
  for (const text of ['2024-03-31T12:00:00+10:00', '2024-10-27T01:30:00+01:00', '1999-12-31T23:59:59-05:00']) {
    const parsed = parseIsoWithOffset(text);
    assert.ok(!('error' in parsed), text);
    assert.equal(toIsoWithOffset(parsed.instant, parsed.offsetMinutes), text);
  }
});

test('dates without an offset, impossible dates and odd offsets are refused with a reason', () => {
  for (const text of ['2024-03-31T12:00:00', '2024-03-31', 'yesterday', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00+15:00', '2024-01-01T00:00:00+01:75', '0000-01-01T00:00:00Z', '']) {
    const parsed = parseIsoWithOffset(text);
    assert.ok('error' in parsed, `${JSON.stringify(text)} should be refused`);
  }
});

test('a leap day in a leap year is accepted', () => {
  const parsed = parseIsoWithOffset('2024-02-29T10:00:00+10:00');
  assert.ok(!('error' in parsed));
  assert.equal(parsed.instant.toISOString(), '2024-02-29T00:00:00.000Z');
});

// The reason is what a caller is told after "date_placed ", so each kind of refusal must say which it is.
const reason = (text: string) => {
  const parsed = parseIsoWithOffset(text);
  return 'error' in parsed ? parsed.error : undefined;
};

test('a refusal says whether the text is not ISO 8601, not a real date, or has an impossible offset', () => {
  assert.match(reason('2024-03-31T12:00:00') ?? '', /^must be ISO 8601 with an offset, e\.g\. /);
  assert.match(reason('2024-02-30T00:00:00Z') ?? '', /^is not a real date and time$/);
  assert.match(reason('2024-01-01T10:00:60Z') ?? '', /^is not a real date and time$/);
  assert.match(reason('2024-01-01T00:00:00+15:00') ?? '', /^has an offset beyond ±14:00$/);
});

test('only the whole text is read as a date: leading or trailing junk is refused', () => {
  for (const text of ['x2024-01-01T00:00:00Z', ' 2024-01-01T00:00:00Z', '2024-01-01T00:00:00Zjunk', '2024-01-01T00:00:00+01:00:00']) {
    assert.match(reason(text) ?? '', /must be ISO 8601/, `${JSON.stringify(text)} should be refused`);
  }
});

test('seconds and fractions of a second are optional; fractions keep their milliseconds', () => {
  const at = (text: string) => {
    const parsed = parseIsoWithOffset(text);
    assert.ok(!('error' in parsed), text);
    return parsed.instant.toISOString();
  };
  assert.equal(at('2024-01-01T12:30Z'), '2024-01-01T12:30:00.000Z');
  assert.equal(at('2024-01-01T12:30:15.5Z'), '2024-01-01T12:30:15.500Z');
  assert.equal(at('2024-01-01T12:30:15.250+01:00'), '2024-01-01T11:30:15.250Z');
  assert.equal(at('2024-01-01T12:30:15.123456789Z'), '2024-01-01T12:30:15.123Z');
  assert.match(reason('2024-01-01T12:30:15.Z') ?? '', /must be ISO 8601/);
  assert.match(reason('2024-01-01T12:30:15.1234567890Z') ?? '', /must be ISO 8601/);
});

test('a minute or second of 60 is refused rather than rolled over to the next minute or hour', () => {
  for (const text of ['2024-01-01T10:60:00Z', '2024-01-01T10:59:60Z', '2024-01-01T10:99:00Z']) {
    assert.match(reason(text) ?? '', /not a real date/, text);
  }
});

test('a month or hour out of range is refused, even when only one of day and month would change', () => {
  for (const text of ['2024-13-01T00:00:00Z', '2024-00-15T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-15T99:00:00Z', '2024-04-31T00:00:00Z', '2024-01-00T00:00:00Z']) {
    assert.match(reason(text) ?? '', /not a real date/, text);
  }
});

test('the edges are accepted: year 0001, 23:59:59, 31 December, offsets of exactly ±14:00 and :59 minutes', () => {
  for (const text of ['0001-01-01T00:00:00Z', '2024-12-31T23:59:59Z', '2024-01-01T00:00:00+14:00', '2024-01-01T00:00:00-14:00', '2024-01-01T00:00:00+05:59']) {
    assert.equal(reason(text), undefined, text);
  }
});

test('an offset with minutes is applied in full, in either direction', () => {
  const plus = parseIsoWithOffset('2024-01-01T12:00:00+05:30');
  const minus = parseIsoWithOffset('2024-01-01T12:00:00-03:30');
  assert.ok(!('error' in plus) && !('error' in minus));
  assert.deepEqual([plus.instant.toISOString(), plus.offsetMinutes], ['2024-01-01T06:30:00.000Z', 330]);
  assert.deepEqual([minus.instant.toISOString(), minus.offsetMinutes], ['2024-01-01T15:30:00.000Z', -210]);
  const zulu = parseIsoWithOffset('2024-01-01T12:00:00Z');
  assert.ok(!('error' in zulu));
  assert.equal(zulu.offsetMinutes, 0);
});
