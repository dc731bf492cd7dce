import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../scenarios/random';
import { createPaymentDesk, judgePayment } from './process-payment';

const now = new Date('2024-11-01T12:00:00Z');
const payment = (date: string) => ({ orderId: 1, product: 'Mug', customer: 'Ada', date });

test('a London-local date in winter (+00:00) is accepted', () => {
  assert.equal(judgePayment(payment('2024-01-15T09:30:00+00:00'), now), null);
});

test('a London-local date in summer (+01:00) is accepted', () => {
  assert.equal(judgePayment(payment('2024-07-01T12:00:00+01:00'), now), null);
});

test('the same instant written in +10:00 is refused tersely, without naming the cause (the payload tells it)', () => {
  assert.deepEqual(judgePayment(payment('2024-07-01T21:00:00+10:00'), now), { status: 400, body: 'Invalid date' });
});

test('a summer instant written with the winter offset is refused, and the other way round', () => {
  assert.equal(judgePayment(payment('2024-07-01T11:00:00+00:00'), now)?.status, 400);
  assert.equal(judgePayment(payment('2024-01-15T10:30:00+01:00'), now)?.status, 400);
  assert.equal(judgePayment(payment('2024-07-01T11:00:00Z'), now)?.status, 400);
});

test('each side of both clock changes needs its own offset', () => {
  assert.equal(judgePayment(payment('2024-03-31T00:59:59+00:00'), now), null);
  assert.equal(judgePayment(payment('2024-03-31T02:00:00+01:00'), now), null);
  assert.equal(judgePayment(payment('2024-10-27T01:59:59+01:00'), now), null);
  assert.equal(judgePayment(payment('2024-10-27T01:00:00+00:00'), now), null);
  assert.equal(judgePayment(payment('2024-10-27T02:00:00+01:00'), now)?.status, 400, 'after the change +01:00 is wrong');
});

test('a date in the future is refused', () => {
  assert.deepEqual(judgePayment(payment('3000-01-01T12:00:00+00:00'), now), { status: 400, body: 'Invalid date: date is in the future' });
});

test('each missing field is named, and a body that is not an object is refused', () => {
  for (const field of ['orderId', 'product', 'customer', 'date']) {
    const body: Record<string, unknown> = payment('2024-01-15T09:30:00+00:00');
    delete body[field];
    assert.deepEqual(judgePayment(body, now), { status: 400, body: `Missing field: ${field}` });
  }
  assert.equal(judgePayment(null, now)?.status, 400);
  assert.equal(judgePayment('text', now)?.status, 400);
  assert.equal(judgePayment({ ...payment('2024-01-15T09:30:00+00:00'), orderId: 'one' }, now)?.status, 400);
});

test('a repeated idempotency key is answered with the first result, counted as a duplicate and not paid again', () => {
  const desk = createPaymentDesk({ clock: () => now, random: seededRandom(1) });
  const first = desk.handle(payment('2024-01-15T09:30:00+00:00'), 'order-1', null);
  const again = desk.handle(payment('2024-01-15T09:30:00+00:00'), 'order-1', null);
  assert.deepEqual(again, first);
  assert.deepEqual(desk.stats(), { paid: 1, duplicates: 1, rejected: 0, transientFailures: 0, ordersGenerated: 0 });
});

test('a refusal stores nothing for its key: the corrected retry is judged afresh and paid', () => {
  // As payment processors do for requests that fail validation: only a payment that was taken is replayed.
  const desk = createPaymentDesk({ clock: () => now, random: seededRandom(1) });
  const refused = desk.handle(payment('2024-07-01T21:00:00+10:00'), 'order-2', null);
  assert.deepEqual(refused, { kind: 'answer', answer: { status: 400, body: 'Invalid date' } });
  assert.deepEqual(desk.handle(payment('2024-07-01T21:00:00+10:00'), 'order-2', null), refused, 'the same mistake is refused again');
  const corrected = desk.handle(payment('2024-07-01T12:00:00+01:00'), 'order-2', null);
  assert.deepEqual(corrected, { kind: 'answer', answer: { status: 200, body: 'Payment accepted' } });
  assert.deepEqual(desk.handle(payment('2024-07-01T12:00:00+01:00'), 'order-2', null), corrected, 'the payment taken is replayed');
  assert.deepEqual(desk.stats(), { paid: 1, duplicates: 1, rejected: 2, transientFailures: 0, ordersGenerated: 0 });
});

test('a transient failure is not remembered, so the retry with the same key gets a fresh try', () => {
  const desk = createPaymentDesk({ clock: () => now, random: seededRandom(3) });
  const alwaysFail = { failShare: 1, hangShare: 0 };
  const failed = desk.handle(payment('2024-01-15T09:30:00+00:00'), 'order-2', alwaysFail);
  assert.equal(failed.kind === 'answer' ? failed.answer.status >= 500 : false, true);
  const retried = desk.handle(payment('2024-01-15T09:30:00+00:00'), 'order-2', null);
  assert.deepEqual(retried, { kind: 'answer', answer: { status: 200, body: 'Payment accepted' } });
  assert.deepEqual(desk.stats(), { paid: 1, duplicates: 0, rejected: 0, transientFailures: 1, ordersGenerated: 0 });
});

test('reset forgets keys and counts', () => {
  const desk = createPaymentDesk({ clock: () => now, random: seededRandom(1) });
  desk.handle(payment('2024-01-15T09:30:00+00:00'), 'order-1', null);
  desk.countGeneratedOrder();
  desk.reset();
  assert.deepEqual(desk.stats(), { paid: 0, duplicates: 0, rejected: 0, transientFailures: 0, ordersGenerated: 0 });
  assert.equal(desk.handle(payment('2024-01-15T09:30:00+00:00'), 'order-1', null).kind, 'answer');
  assert.equal(desk.stats().duplicates, 0);
});
