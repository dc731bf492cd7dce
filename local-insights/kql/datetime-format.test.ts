// format_datetime() specifier by specifier, on times that tell padded from unpadded, 12-hour from
// 24-hour, and f (keeps zeros) from F (drops trailing zeros).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDatetime } from './datetime-format';

const MORNING = Date.parse('2024-05-01T07:08:09.0120000Z');
const EVENING = Date.parse('2031-12-25T23:45:06.5Z');
const MIDNIGHT = Date.parse('2024-05-01T00:00:00Z');
const NOON = Date.parse('2024-05-01T12:00:00Z');

test('date and time specifiers, padded and not', () => {
  assert.equal(formatDatetime(MORNING, 'yyyy-MM-dd HH:mm:ss'), '2024-05-01 07:08:09');
  assert.equal(formatDatetime(MORNING, 'yy M d H m s'), '24 5 1 7 8 9');
  assert.equal(formatDatetime(EVENING, 'yy M d H m s'), '31 12 25 23 45 6');
  assert.equal(formatDatetime(Date.parse('0905-01-01T00:00:00Z'), 'yyyy yy'), '0905 05');
});

test('12-hour clock: midnight and noon are 12, with AM and PM', () => {
  assert.equal(formatDatetime(MIDNIGHT, 'hh:mm tt'), '12:00 AM');
  assert.equal(formatDatetime(NOON, 'h tt'), '12 PM');
  assert.equal(formatDatetime(MORNING, 'hh h tt'), '07 7 AM');
  assert.equal(formatDatetime(EVENING, 'hh h tt'), '11 11 PM');
});

test('fractions: f keeps its digits, F drops trailing zeros, down to the tick', () => {
  assert.equal(formatDatetime(MORNING, 'f|ff|fff|ffff|fffffff'), '0|01|012|0120|0120000');
  assert.equal(formatDatetime(MORNING, 'F|FF|FFF|FFFF|FFFFFFF'), '|01|012|012|012');
  assert.equal(formatDatetime(EVENING, 'fff FFF'), '500 5');
  assert.equal(formatDatetime(0.0003, 'fffffff'), '0000003'); // near 1970: a double holds a tick there
});

test('text that is not a specifier is kept as it is', () => {
  assert.equal(formatDatetime(MORNING, 'on dd/MM at HH.mm'), 'on 01/05 at 07.08');
});
