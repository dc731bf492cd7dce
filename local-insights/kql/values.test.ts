// Kusto's value rules one function at a time, on the edges a query meets: nulls, empty text, the
// tick epoch of datetimes, fractions of a second, and values that only look alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  commonType, compareValues, convert, emptyOf, equalValues, formatDatetime, formatTimespan, isNumeric, parseJson,
  toBool, toDatetime, toDynamic, toInteger, toKString, toReal, toWire, tupleKey,
} from './values';

const MAY_1 = Date.parse('2024-05-01T10:00:00Z');
/** 0001-01-01 in .NET ticks is 0; the Unix epoch is this many ticks after it. */
const EPOCH_TICKS = 621_355_968_000_000_000;

test('numeric types are int, long, real and decimal only', () => {
  assert.deepEqual(['int', 'long', 'real', 'decimal', 'string', 'bool', 'datetime', 'timespan', 'dynamic'].map((t) => isNumeric(t as never)),
    [true, true, true, true, false, false, false, false, false]);
});

test('a missing string is empty text; every other missing value is null', () => {
  assert.equal(emptyOf('string'), '');
  assert.equal(emptyOf('long'), null);
  assert.equal(emptyOf('dynamic'), null);
});

test('datetimes are written to the second, with seven fraction digits only when there is a fraction', () => {
  assert.equal(formatDatetime(MAY_1), '2024-05-01T10:00:00Z');
  assert.equal(formatDatetime(MAY_1 + 123), '2024-05-01T10:00:00.1230000Z');
  assert.equal(formatDatetime(MAY_1 + 0.5), '2024-05-01T10:00:00.0005000Z');
  assert.equal(formatDatetime(Date.parse('1969-12-31T23:59:59.250Z')), '1969-12-31T23:59:59.2500000Z');
  assert.equal(formatDatetime(Number.NaN), '');
});

test('timespans are [-][d.]hh:mm:ss[.fffffff]', () => {
  assert.equal(formatTimespan(0), '00:00:00');
  assert.equal(formatTimespan(59_000), '00:00:59');
  assert.equal(formatTimespan(36 * 3_600_000), '1.12:00:00');
  assert.equal(formatTimespan(86_400_000 + 3_661_001), '1.01:01:01.0010000');
  assert.equal(formatTimespan(-1_500), '-00:00:01.5000000');
  assert.equal(formatTimespan(2 * 86_400_000 + 0.25), '2.00:00:00.0002500');
});

test('tostring: null is empty, datetimes and timespans are their text, dynamic values their JSON', () => {
  assert.equal(toKString(null, 'long'), '');
  assert.equal(toKString(MAY_1, 'datetime'), '2024-05-01T10:00:00Z');
  assert.equal(toKString(90_000, 'timespan'), '00:01:30');
  assert.equal(toKString(90_000, 'long'), '90000');
  assert.equal(toKString({ orderId: '7' }, 'dynamic'), '{"orderId":"7"}');
  assert.equal(toKString([1, 2], 'dynamic'), '[1,2]');
  assert.equal(toKString(true, 'bool'), 'true');
});

test('inside a dynamic value, datetimes and timespans become text and the rest stays as it is', () => {
  assert.equal(toDynamic(null, 'datetime'), null);
  assert.equal(toDynamic(MAY_1, 'datetime'), '2024-05-01T10:00:00Z');
  assert.equal(toDynamic(1_000, 'timespan'), '00:00:01');
  assert.equal(toDynamic(1_000, 'long'), 1_000);
  assert.equal(toDynamic('x', 'string'), 'x');
});

test('tobool reads booleans, non-zero numbers and the texts true/false/1/0, and nothing else', () => {
  assert.equal(toBool(null, 'bool'), null);
  assert.equal(toBool(false, 'bool'), false);
  assert.equal(toBool(2, 'long'), true);
  assert.equal(toBool(0, 'real'), false);
  assert.equal(toBool(MAY_1, 'datetime'), null);
  assert.equal(toBool(5, 'timespan'), null);
  assert.deepEqual([' True ', '1', 'FALSE', '0', 'yes', ''].map((s) => toBool(s, 'string')), [true, true, false, false, null, null]);
  assert.equal(toBool({ a: 1 }, 'dynamic'), null);
});

test('toreal: datetimes in ticks since 0001-01-01, timespans in ticks, booleans 1/0, blank or unreadable text null', () => {
  assert.equal(toReal(null, 'real'), null);
  assert.equal(toReal(0, 'datetime'), EPOCH_TICKS);
  assert.equal(toReal(1, 'datetime'), EPOCH_TICKS + 10_000);
  assert.equal(toReal(1, 'timespan'), 10_000);
  assert.equal(toReal(2.5, 'real'), 2.5);
  assert.equal(toReal(true, 'bool'), 1);
  assert.equal(toReal(false, 'bool'), 0);
  assert.equal(toReal('  ', 'string'), null);
  assert.equal(toReal(' 2.5 ', 'string'), 2.5);
  assert.equal(toReal('2.5x', 'string'), null);
  assert.equal(toReal([1], 'dynamic'), null);
});

test('toint/tolong truncate towards zero; unreadable or infinite values are null', () => {
  assert.equal(toInteger('2.9', 'string'), 2);
  assert.equal(toInteger(-2.9, 'real'), -2);
  assert.equal(toInteger('x', 'string'), null);
  assert.equal(toInteger(Number.POSITIVE_INFINITY, 'real'), null);
  assert.equal(toInteger(null, 'long'), null);
});

test('todatetime reads datetimes, text, and ticks held in a long or a dynamic; not other numbers', () => {
  assert.equal(toDatetime(null, 'datetime'), null);
  assert.equal(toDatetime(MAY_1, 'datetime'), MAY_1);
  assert.equal(toDatetime('2024-05-01T10:00:00Z', 'string'), MAY_1);
  assert.equal(toDatetime(EPOCH_TICKS + MAY_1 * 10_000, 'long'), MAY_1);
  assert.equal(toDatetime(EPOCH_TICKS, 'dynamic'), 0);
  assert.equal(toDatetime(MAY_1, 'real'), null);
  assert.equal(toDatetime(true, 'bool'), null);
});

test('parse_json: JSON text becomes its value, other text stays text, other types become dynamic', () => {
  assert.deepEqual(parseJson('{"orderId":7}', 'string'), { orderId: 7 });
  assert.deepEqual(parseJson('[1,"a"]', 'string'), [1, 'a']);
  assert.equal(parseJson('not json', 'string'), 'not json');
  assert.equal(parseJson(MAY_1, 'datetime'), '2024-05-01T10:00:00Z');
  assert.equal(parseJson('{"a":1}', 'dynamic'), '{"a":1}');
});

test('convert picks the conversion of the target type', () => {
  assert.equal(convert('7', 'string', 'string'), '7');
  assert.equal(convert(7, 'long', 'string'), '7');
  assert.equal(convert('True', 'string', 'bool'), true);
  assert.equal(convert('7.8', 'string', 'int'), 7);
  assert.equal(convert('7.8', 'string', 'long'), 7);
  assert.equal(convert('7.8', 'string', 'real'), 7.8);
  assert.equal(convert('7.8', 'string', 'decimal'), 7.8);
  assert.equal(convert('2024-05-01T10:00:00Z', 'dynamic', 'datetime'), MAY_1);
  assert.equal(convert(60_000, 'dynamic', 'timespan'), 60_000);
  assert.equal(convert('00:01:00', 'string', 'timespan'), 60_000);
  assert.equal(convert('soon', 'string', 'timespan'), null);
  assert.equal(convert(true, 'bool', 'timespan'), null);
  assert.equal(convert(MAY_1, 'datetime', 'dynamic'), '2024-05-01T10:00:00Z');
  assert.equal(convert(7, 'long', 'dynamic'), 7);
});

test('toguid reads the first 32 hex digits, a hyphen allowed where the usual form has one, and ignores the rest; anything else is null', () => {
  const guid = '01234567-89ab-cdef-0123-456789abcdef';
  assert.equal(convert('0123456789abcdef0123456789abcdef', 'string', 'guid'), guid);
  assert.equal(convert('0123456789ab-cdef-0123-456789abcdef', 'string', 'guid'), guid, "Microsoft's example: the first hyphen left out");
  assert.equal(convert(`${guid} and more`, 'string', 'guid'), guid);
  assert.equal(convert('01234567-89AB-CDEF-0123-456789ABCDEF', 'string', 'guid'), guid, 'capitals read as .NET reads them, written small');
  assert.equal(convert(guid, 'dynamic', 'guid'), guid);
  for (const unread of ['a string that is not a guid', '', '0123-456789ab-cdef-0123-456789abcdef', '01234567--89ab-cdef-0123-456789abcdef', '0123456789abcdef0123456789abcde', ' 0123456789abcdef0123456789abcdef']) {
    assert.equal(convert(unread, 'string', 'guid'), null, unread);
  }
  assert.equal(convert(42, 'long', 'guid'), null);
  assert.equal(convert(null, 'string', 'guid'), null);
});

test('the common type of two operands: a dynamic takes the other side, bool wins, numbers meet as real, text as string', () => {
  assert.equal(commonType('long', 'long'), 'long');
  assert.equal(commonType('dynamic', 'datetime'), 'datetime');
  assert.equal(commonType('datetime', 'dynamic'), 'datetime');
  assert.equal(commonType('string', 'bool'), 'bool');
  assert.equal(commonType('bool', 'string'), 'bool');
  assert.equal(commonType('int', 'long'), 'real');
  assert.equal(commonType('long', 'string'), 'string');
  assert.equal(commonType('string', 'real'), 'string');
  assert.equal(commonType('datetime', 'timespan'), 'datetime');
  assert.equal(commonType('timespan', 'datetime'), 'timespan');
});

test('order: numbers by value, text by ordinal (capitals first), false before true, anything else by JSON', () => {
  assert.deepEqual([compareValues(1, 2), compareValues(2, 1), compareValues(2, 2)], [-1, 1, 0]);
  assert.deepEqual([compareValues('B', 'a'), compareValues('b', 'a'), compareValues('a', 'a')], [-1, 1, 0]);
  assert.deepEqual([compareValues(false, true), compareValues(true, false), compareValues(true, true)], [-1, 1, 0]);
  assert.deepEqual([compareValues([1], [2]), compareValues({ a: 2 }, { a: 1 }), compareValues([1], [1])], [-1, 1, 0]);
});

test('equality: scalars by value and type, dynamic values by their JSON', () => {
  assert.equal(equalValues(1, 1), true);
  assert.equal(equalValues(1, '1'), false);
  assert.equal(equalValues({ a: [1] }, { a: [1] }), true);
  assert.equal(equalValues({ a: 1 }, { a: 2 }), false);
  assert.equal(equalValues(null, null), true);
  assert.equal(equalValues(null, 'null'), false);
  assert.equal(equalValues(NaN, NaN), false, 'NaN equals nothing, itself included');
  assert.equal(equalValues(Infinity, -Infinity), false);
  assert.equal(equalValues(-Infinity, -Infinity), true);
  assert.equal(equalValues(null, NaN), false, 'a missing value is not NaN');
  assert.equal(equalValues(Infinity, null), false);
  assert.equal(equalValues(1, [1]), false);
});

test('on the wire: datetimes and timespans are text, dynamic values JSON text, infinities their name', () => {
  assert.equal(toWire(null, 'datetime'), null);
  assert.equal(toWire(MAY_1, 'datetime'), '2024-05-01T10:00:00Z');
  assert.equal(toWire(1_000, 'timespan'), '00:00:01');
  assert.equal(toWire('{"a":1}', 'dynamic'), '{"a":1}');
  assert.equal(toWire({ a: 1 }, 'dynamic'), '{"a":1}');
  assert.equal(toWire(Number.POSITIVE_INFINITY, 'real'), 'Infinity');
  assert.equal(toWire(Number.NaN, 'real'), 'NaN');
  assert.equal(toWire(2.5, 'real'), 2.5);
  assert.equal(toWire(true, 'bool'), true);
});

test('tuple keys tell apart every pair of distinct tuples, even ones that read alike', () => {
  const tuples = [
    ['ab', 'c'], ['a', 'bc'], ['n1;'], [1], ['1'], [null], ['z;'], [''], [true], [false], ['t;'],
    [{ a: 1 }], ['{"a":1}'], [[1]], [1, 2], [12], [null, null], [],
  ];
  const keys = tuples.map((t) => tupleKey(t as never));
  assert.equal(new Set(keys).size, tuples.length, keys.join('  '));
  assert.equal(tupleKey(['ab', 1, null, true, { a: 1 }]), tupleKey(['ab', 1, null, true, { a: 1 }]));
});
