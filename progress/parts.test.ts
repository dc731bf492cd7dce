import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Facts, OrderView, TelemetryFacts } from './facts';
import { checkParts, checkPartsFromApp, furthestDone, type PartResult } from './parts';

let nextId = 1;
const order = (o: Partial<OrderView>): OrderView => ({
  id: nextId++, date_placed: '2026-12-04T10:00:00.000+10:00', status: 'Queued', attempts: 0, failure_reason: null, last_error: null, ...o,
});
const quiet: TelemetryFacts = { appRequests: 0, paymentAttemptLines: 0, paymentAnswerLines: 0, failuresWithOrderId: 0, failuresWithoutOrderId: 0 };
const noRules = { alertRules: [], notificationRules: 0 };
const facts = (o: Partial<Facts>): Facts => ({ app: 'http://app', orders: [], telemetry: quiet, rules: noRules, ...o });
const statusOf = (results: PartResult[], part: number) => results.find((result) => result.part === part);

test('every part is listed once, in WORKSHOP.md\'s order, 6½ as 6.5', () => {
  assert.deepEqual(checkParts(facts({})).map((result) => result.part), [1, 2, 3, 4, 5, 6, 6.5, 7, 8, 9, 10]);
});

test('part 4: done once an order placed in +10:00 is paid; not done while none is; not checked without one', () => {
  const london = order({ date_placed: '2026-12-04T00:00:00.000+00:00', status: 'Complete' });
  assert.equal(statusOf(checkParts(facts({ orders: [london] })), 4)?.status, 'not checked');
  const stuck = order({ status: 'Queued', attempts: 5, last_error: 'order 2: finance package answered 400 for http://f/ProcessPayment' });
  assert.deepEqual(statusOf(checkParts(facts({ orders: [london, stuck] })), 4), { part: 4, status: 'not done', missing: 'no order placed from the supplier\'s +10:00 office has been paid (part 4)' });
  assert.equal(statusOf(checkParts(facts({ orders: [london, { ...stuck, status: 'Complete' }] })), 4)?.status, 'done');
});

test('part 7: a refused order back in the queue is not done even beside a Failed one; 408 and 429 are not refusals', () => {
  const failed = order({ status: 'Failed', attempts: 1, failure_reason: 'finance package answered 400: Invalid date' });
  const retried = order({ status: 'Queued', attempts: 3, last_error: 'order 9: finance package answered 400 for http://f' });
  assert.equal(statusOf(checkParts(facts({ orders: [failed] })), 7)?.status, 'done');
  assert.equal(statusOf(checkParts(facts({ orders: [failed, retried] })), 7)?.status, 'not done');
  const slowDown = order({ status: 'Queued', attempts: 2, last_error: 'finance package answered 429' });
  assert.equal(statusOf(checkParts(facts({ orders: [slowDown] })), 7)?.status, 'not checked');
  assert.equal(statusOf(checkParts(facts({ orders: [order({ status: 'Failed', failure_reason: 'finance package answered 408' })] })), 7)?.status, 'not checked');
});

test('part 8: after part 7\'s refused order, the newer evidence wins between "retried and paid" and "failed for good after one temporary failure"', () => {
  const retriedBeforePart7 = order({ status: 'Complete', attempts: 4 });
  const refused = order({ status: 'Failed', attempts: 1, failure_reason: 'finance package answered 400: Invalid date' });
  assert.equal(statusOf(checkParts(facts({ orders: [retriedBeforePart7, refused] })), 8)?.status, 'not checked', 'the starting code\'s retries before part 7 prove nothing');
  const gaveUp = order({ status: 'Failed', attempts: 1, failure_reason: 'finance package answered 503: busy' });
  assert.equal(statusOf(checkParts(facts({ orders: [retriedBeforePart7, refused, gaveUp] })), 8)?.status, 'not done');
  const paidAfterRetry = order({ status: 'Complete', attempts: 3 });
  assert.equal(statusOf(checkParts(facts({ orders: [refused, gaveUp, paidAfterRetry] })), 8)?.status, 'done');
  const laterGaveUp = order({ status: 'Failed', attempts: 1, failure_reason: 'no answer from the finance package within 1 s (timeout)' });
  assert.equal(statusOf(checkParts(facts({ orders: [refused, gaveUp, paidAfterRetry, laterGaveUp] })), 8)?.status, 'not done');
  // Giving up after the last of several attempts is what part 8 asks for.
  const gaveUpAfterRetries = order({ status: 'Failed', attempts: 5, failure_reason: 'gave up after 5 attempts: finance package answered 503' });
  assert.equal(statusOf(checkParts(facts({ orders: [refused, paidAfterRetry, gaveUpAfterRetries] })), 8)?.status, 'done');
  assert.equal(statusOf(checkParts(facts({ orders: [gaveUp, paidAfterRetry] })), 8)?.status, 'not checked', 'part 7 first');
});

test('parts 2, 5 and 6 from telemetry; 6 also needs an alert rule on exceptions', () => {
  assert.equal(statusOf(checkParts(facts({})), 2)?.status, 'not checked', 'no telemetry before part 5');
  assert.equal(statusOf(checkParts(facts({})), 5)?.status, 'not done');
  const on = { ...quiet, appRequests: 4 };
  assert.equal(statusOf(checkParts(facts({ telemetry: on })), 2)?.status, 'not done');
  assert.equal(statusOf(checkParts(facts({ telemetry: { ...on, paymentAttemptLines: 2 } })), 2)?.status, 'not done', 'the answer lines too');
  assert.equal(statusOf(checkParts(facts({ telemetry: { ...on, paymentAttemptLines: 2, paymentAnswerLines: 2 } })), 2)?.status, 'done');
  assert.equal(statusOf(checkParts(facts({ telemetry: on })), 5)?.status, 'done');
  assert.equal(statusOf(checkParts(facts({ telemetry: on })), 6)?.status, 'not checked');
  assert.equal(statusOf(checkParts(facts({ telemetry: { ...on, failuresWithoutOrderId: 3 } })), 6)?.status, 'not done');
  const right = { ...on, failuresWithOrderId: 2, failuresWithoutOrderId: 3 };
  assert.deepEqual(statusOf(checkParts(facts({ telemetry: right })), 6), { part: 6, status: 'not done', missing: 'no alert rule looks at exceptions yet (part 6, step 2)' });
  const rules = { alertRules: [{ name: 'part6', condition: '{"allOf":[{"query":"exceptions | where type == \\"PaymentFailed\\""}]}' }], notificationRules: 0 };
  assert.equal(statusOf(checkParts(facts({ telemetry: right, rules })), 6)?.status, 'done');
  assert.equal(statusOf(checkParts(facts({ telemetry: right, rules: { unavailable: 'az is signed out' } })), 6)?.status, 'not checked');
});

test('part 6 stays done after part 8, which deletes its rule on exceptions and puts two others in its place', () => {
  const right = { ...quiet, appRequests: 4, failuresWithOrderId: 2 };
  const refused = order({ status: 'Failed', attempts: 1, failure_reason: 'finance package answered 400: Invalid date' });
  const paidAfterRetry = order({ status: 'Complete', attempts: 3 });
  const part8Rules = { alertRules: [{ name: 'orders failed', condition: '{"allOf":[{"query":"traces | where message == \\"order marked Failed\\""}]}' }], notificationRules: 0 };
  const after8 = checkParts(facts({ orders: [refused, paidAfterRetry], telemetry: right, rules: part8Rules }));
  assert.deepEqual([statusOf(after8, 8)?.status, statusOf(after8, 6)?.status], ['done', 'done']);
  assert.equal(statusOf(checkParts(facts({ orders: [refused], telemetry: right, rules: part8Rules })), 6)?.status, 'not done', 'before part 8, part 6 needs its rule');
  assert.equal(statusOf(checkParts(facts({ orders: [refused, paidAfterRetry], telemetry: right, rules: noRules })), 6)?.status, 'not done', 'with no alert rule at all, part 6 is not done');
});

test('part 9 wants an alert rule on queue_length; unreadable sources make their parts "not checked" with the reason', () => {
  assert.equal(statusOf(checkParts(facts({})), 9)?.status, 'not done');
  const rules = { alertRules: [{ name: 'q', condition: '{"allOf":[{"query":"customMetrics | where name == \\"queue_length\\""}]}' }], notificationRules: 1 };
  assert.equal(statusOf(checkParts(facts({ rules })), 9)?.status, 'done');
  assert.equal(statusOf(checkParts(facts({ rules })), 6.5)?.status, 'done');
  const down = checkParts(facts({ orders: { unavailable: 'the app refused the connection' }, telemetry: { unavailable: 'az is not installed' }, rules: { unavailable: 'az is not installed' } }));
  assert.deepEqual(down.filter((result) => result.status !== 'not checked'), []);
  assert.equal(statusOf(down, 4)?.missing, 'the app refused the connection');
  assert.equal(statusOf(down, 5)?.missing, 'az is not installed');
});

test('from the app alone, parts 4, 7 and 8; the furthest done is the highest part done', () => {
  const orders = [order({ status: 'Complete' }), order({ status: 'Failed', failure_reason: 'finance package answered 400: Invalid date' })];
  const results = checkPartsFromApp(orders);
  assert.deepEqual(results.map((result) => [result.part, result.status]), [[4, 'done'], [7, 'done'], [8, 'not checked']]);
  assert.equal(furthestDone(results), 7);
  assert.equal(furthestDone(checkPartsFromApp([...orders, order({ status: 'Complete', attempts: 2 })])), 8);
  assert.equal(furthestDone(checkPartsFromApp([order({ status: 'Complete' })])), 4);
  assert.equal(furthestDone(checkPartsFromApp([])), undefined);
});
