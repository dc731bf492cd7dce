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
