// Every string operator, and its negation, on cases chosen to tell it from its neighbours: case
// (`has` against `has_cs`), term boundaries (`has` against `contains`), and ends (`startswith`
// against `endswith`). The KQL conformance rows in ../kql.test.ts run a few of these through the
// parser; this table covers all of them without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex, hasTerm, stringOperator } from './string-operators';

const CASES: Array<[op: string, left: string, right: string, expected: boolean]> = [
  ['==', 'Payment', 'Payment', true],
  ['==', 'Payment', 'payment', false],
  ['=~', 'Payment', 'PAYMENT', true],
  ['=~', 'Payment', 'Payments', false],
  ['contains', 'payment failed', 'MENT F', true],
  ['contains', 'payment failed', 'paid', false],
  ['contains_cs', 'Payment', 'ment', true],
  ['contains_cs', 'Payment', 'MENT', false],
  ['has', 'payment not accepted', 'NOT', true],
  ['has', 'payments', 'payment', false],
  ['has', 'prepayment', 'payment', false],
  ['has', 'order-processing', '-proc', false],
  ['has', 'order-processing', 'order-', true],
  ['has_cs', 'Order started', 'Order', true],
  ['has_cs', 'Order started', 'order', false],
  ['hasprefix', 'payment accepted', 'ACC', true],
  ['hasprefix', 'payment accepted', 'cept', false],
  ['hassuffix', 'payment accepted', 'TED', true],
  ['hassuffix', 'payment accepted', 'ment', true],
  ['hassuffix', 'payment accepted', 'pay', false],
  ['startswith', 'Payment', 'PAY', true],
  ['startswith', 'Payment', 'ment', false],
  ['startswith_cs', 'Payment', 'Pay', true],
  ['startswith_cs', 'Payment', 'pay', false],
  ['startswith_cs', 'Payment', 'ment', false],
  ['endswith', 'Payment', 'MENT', true],
  ['endswith', 'Payment', 'pay', false],
  ['endswith_cs', 'Payment', 'ment', true],
  ['endswith_cs', 'Payment', 'MENT', false],
  ['endswith_cs', 'Payment', 'Pay', false],
];

const NEGATION: Record<string, string> = { '==': '!=', '=~': '!~' };

for (const [op, left, right, expected] of CASES) {
  const negated = NEGATION[op] ?? `!${op}`;
  test(`"${left}" ${op} "${right}" is ${expected}, and ${negated} says the opposite`, () => {
    assert.equal(stringOperator(op)?.(left, right), expected);
    assert.equal(stringOperator(negated)?.(left, right), !expected);
  });
}

test('a name that is not a string operator has no test', () => {
  assert.equal(stringOperator('like'), undefined);
  assert.equal(stringOperator('!like'), undefined);
});

test('has finds a later whole term after a match inside a longer one', () => {
  assert.equal(hasTerm('payments then payment', 'payment', true), true);
  assert.equal(hasTerm('', 'payment', false), false);
});

test('an invalid regular expression is reported through onError with the pattern', () => {
  const onError = (message: string, at: number) => new Error(`${at}: ${message}`);
  assert.throws(() => compileRegex('(unclosed', 7, onError), /^Error: 7: invalid regular expression "\(unclosed": .*Unterminated group/);
  assert.equal(compileRegex('^pay.*', 0, onError).test('payment'), true);
});

test('a regular expression takes flags when given (parse kind=regex flags=i), and is case-sensitive without', () => {
  const onError = (message: string) => new Error(message);
  assert.equal(compileRegex('^pay', 0, onError, 'i').test('PAYMENT'), true);
  assert.equal(compileRegex('^pay', 0, onError).test('PAYMENT'), false);
});
