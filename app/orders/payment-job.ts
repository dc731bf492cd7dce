// One tick of the scheduled payment job: claim the oldest due order, pay for it, record the result.
// The decisions (what a result means for the order) are in lifecycle.ts; this file does the I/O
// and the logging, in the order the story goes: claim, pay, record.
import type { Clock } from '../../platform/clock';
import type { RetryPolicy } from '../config';
import type { Logger } from '../../platform/logger';
import type { FinanceClient, PaymentRequest } from '../payments/finance-client';
import type { OrderStore } from '../store/order-store';
// workshop(logging): solution
import { afterPaymentAttempt, type ClaimedOrder, type PaymentOutcome } from './lifecycle';
// workshop(logging): starter
// import { afterPaymentAttempt, type ClaimedOrder } from './lifecycle';
// workshop(logging): end
// workshop(timezone): solution
import { toLondonIso } from '../../platform/london-time';
// workshop(timezone): end
import { withOrderId } from '../../platform/telemetry-context';

/** A failed payment as an Error, so the log shows a stack trace that points at this file and line. */
export class PaymentFailed extends Error {
  override name = 'PaymentFailed';
}

export interface PaymentJobDeps {
  store: OrderStore;
  finance: FinanceClient;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
  leaseMs: number;
}

export type TickResult = 'idle' | 'processed' | 'claim-lost';

export function paymentRequestFor(order: ClaimedOrder): PaymentRequest {
  // workshop(timezone): solution
  // The supplier wants Europe/London local time, whatever offset the order was placed in.
  const placed = new Date(order.datePlaced);
  return { orderId: order.id, product: order.product, customer: order.customer, date: toLondonIso(placed) };
  // workshop(timezone): starter
  // return { orderId: order.id, product: order.product, customer: order.customer, date: order.datePlaced };
  // workshop(timezone): end
}

export const idempotencyKeyFor = (order: { id: number }): string => `order-${order.id}`;

export function createPaymentJob(deps: PaymentJobDeps): { tick(): Promise<TickResult> } {
  const { store, finance, clock, logger } = deps;

  // workshop(logging): solution
  function logOutcome(order: ClaimedOrder, payload: PaymentRequest, outcome: PaymentOutcome): void {
    const response = { orderId: order.id, attempt: order.attempts, payload, statusCode: outcome.statusCode, responseText: outcome.responseText };
    if (outcome.kind === 'paid') logger.info('payment accepted', response);
    else logger.warn('payment not accepted', response);
  }
  // workshop(logging): end

  // workshop(exceptions): solution
  // Logged with an error, so Application Insights files it under `exceptions`, one per failed attempt.
  function logFailedAttempt(order: ClaimedOrder, outcome: Exclude<PaymentOutcome, { kind: 'paid' }>): void {
    const transient = outcome.kind === 'transient';
    logger.error(transient ? 'payment failed (transient)' : 'payment rejected (permanent)', {
      orderId: order.id,
      attempt: order.attempts,
      transient,
      error: new PaymentFailed(`order ${order.id}: ${outcome.reason}`),
    });
  }
  // workshop(exceptions): end

  return {
    async tick() {
      const claimedAt = clock();
      const order = await store.claimNextDue(claimedAt, new Date(claimedAt.getTime() + deps.leaseMs));
      if (!order) return 'idle';

      const payload = paymentRequestFor(order);
      const outcome = await withOrderId(order.id, async () => {
        // workshop(logging): solution
        logger.info('payment attempt', { orderId: order.id, attempt: order.attempts, payload });
        // workshop(logging): end
        const result = await finance.pay(payload, idempotencyKeyFor(order));
        // workshop(logging): solution
        logOutcome(order, payload, result);
        // workshop(logging): end
        // workshop(exceptions): solution
        if (result.kind !== 'paid') logFailedAttempt(order, result);
        // workshop(exceptions): end
        return result;
      });

      // workshop(failed-orders): solution
      // workshop(failed-orders): starter
      // if (outcome.kind !== 'paid') {
      //   // Back in the queue for the next tick, and stop here.
      //   const failure = `order ${order.id}: finance package answered ${outcome.statusCode ?? 'nothing'} for ${finance.paymentUrl}`;
      //   await store.saveAttemptResult(order, { status: 'Queued', nextAttemptAt: clock(), lastError: failure });
      //   throw new PaymentFailed(failure);
      // }
      // workshop(failed-orders): end
      const change = afterPaymentAttempt(order, outcome, clock(), deps.retry);
      const saved = await store.saveAttemptResult(order, change);
      if (!saved) {
        // Our lease ran out during the call and another instance has the order now; the
        // Idempotency-Key makes sure the supplier does not take the money twice.
        logger.warn('order was re-claimed by another worker before this result was saved', { orderId: order.id });
        return 'claim-lost';
      }
      if (change.status === 'Failed') logger.warn('order marked Failed', { orderId: order.id, reason: change.failureReason });
      if (change.status === 'Queued') {
        logger.info('order back in the queue', { orderId: order.id, nextAttemptAt: change.nextAttemptAt });
      }
      return 'processed';
    },
  };
}
