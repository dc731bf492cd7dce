import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterPaymentAttempt, backoffMs, classifyStatus, type ClaimedOrder, type PaymentOutcome } from './lifecycle';

const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };
const now = new Date('2024-05-01T10:00:00Z');

function claimed(attempts: number): ClaimedOrder {
  return {
    id: 7, product: 'Mug', customer: 'Ada', datePlaced: '2024-05-01T19:00:00+10:00', dateProcessed: null,
    status: 'Processing', attempts, nextAttemptAt: now, failureReason: null, lastError: null,
  };
}

test('every 2xx status means the payment was taken', () => {
  for (const status of [200, 201, 204, 299]) assert.equal(classifyStatus(status, 'ok').kind, 'paid', String(status));
});

test('a 4xx other than 408 and 429 is a permanent rejection', () => {
  for (const status of [400, 401, 403, 404, 409, 422, 499]) assert.equal(classifyStatus(status, 'no').kind, 'rejected', String(status));
});

test('408, 429 and every 5xx are transient', () => {
  for (const status of [408, 429, 500, 502, 503, 504, 599]) assert.equal(classifyStatus(status, '').kind, 'transient', String(status));
});

test('an unexpected 1xx or 3xx is treated as transient rather than as a refusal', () => {
  for (const status of [100, 300, 301, 302, 304]) assert.equal(classifyStatus(status, '').kind, 'transient', String(status));
});

test('a rejection keeps the supplier\'s words in its reason', () => {
  const outcome = classifyStatus(400, 'Invalid date: date is in the future');
  assert.equal(outcome.kind, 'rejected');
  assert.match(outcome.kind === 'rejected' ? outcome.reason : '', /400: Invalid date: date is in the future/);
});

test('an answer without text gives a reason that is just the status, with no dangling colon', () => {
  const outcome = classifyStatus(503, '');
  assert.equal(outcome.kind === 'transient' ? outcome.reason : '', 'finance package answered 503');
});

test('backoff doubles from the base on each attempt and stops at the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 60].map((a) => backoffMs(a, policy)), [1000, 2000, 4000, 5000, 5000, 5000, 5000]);
});

test('a paid order is Complete with the time it was processed', () => {
  assert.deepEqual(afterPaymentAttempt(claimed(1), classifyStatus(200, 'ok'), now, policy), { status: 'Complete', dateProcessed: now });
});

test('a rejected order is Failed at once, whatever attempts are left, with its reason', () => {
  const change = afterPaymentAttempt(claimed(1), classifyStatus(400, 'Invalid date'), now, policy);
  assert.deepEqual(change, { status: 'Failed', failureReason: 'finance package answered 400: Invalid date' });
});

test('a 503 from the finance package puts the order back in the queue with a later attempt time', () => {
  const change = afterPaymentAttempt(claimed(2), classifyStatus(503, 'busy'), now, policy);
  assert.equal(change.status, 'Queued');
  assert.equal(change.status === 'Queued' ? change.nextAttemptAt.getTime() - now.getTime() : 0, 2000);
});

test('a transient failure on the last allowed attempt marks the order Failed, saying it gave up', () => {
  const timeout: PaymentOutcome = { kind: 'transient', statusCode: null, responseText: '', reason: 'timeout' };
  const change = afterPaymentAttempt(claimed(4), timeout, now, policy);
  assert.deepEqual(change, { status: 'Failed', failureReason: 'gave up after 4 attempts: timeout' });
});

test('a transient failure one attempt before the limit is still retried', () => {
  const change = afterPaymentAttempt(claimed(3), classifyStatus(429, ''), now, policy);
  assert.equal(change.status, 'Queued');
});
