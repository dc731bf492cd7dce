// One tick of the scheduled payment job: claim the oldest due order, pay for it, record the result.
// The decisions (what a result means for the order) are in lifecycle.ts; this file does the I/O
// and the logging, in the order the SPEC tells the story.
import type { Clock } from '../clock';
import type { RetryPolicy } from '../config';
import type { Logger } from '../logger';
import type { FinanceClient, PaymentRequest } from '../payments/finance-client';
import type { OrderStore } from '../store/order-store';
import { afterPaymentAttempt, type ClaimedOrder, type PaymentOutcome } from './lifecycle';
import { toLondonIso } from './london-time';
import { withOrderId } from '../telemetry-context';

/** Thrown nowhere: created so the log shows a stack trace that points at this file and line. */
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
  // The supplier wants Europe/London local time, whatever offset the order was placed in.
  const placed = new Date(order.datePlaced);
  return { orderId: order.id, product: order.product, customer: order.customer, date: toLondonIso(placed) };
}

export const idempotencyKeyFor = (order: { id: number }): string => `order-${order.id}`;

export function createPaymentJob(deps: PaymentJobDeps): { tick(): Promise<TickResult> } {
  const { store, finance, clock, logger } = deps;

  function logOutcome(order: ClaimedOrder, payload: PaymentRequest, outcome: PaymentOutcome): void {
    const response = { orderId: order.id, attempt: order.attempts, payload, statusCode: outcome.statusCode, responseText: outcome.responseText };
    if (outcome.kind === 'paid') {
      logger.info('payment accepted', response);
      return;
    }
    logger.warn('payment not accepted', response);
    // Logged with an error, so Application Insights files it under `exceptions`, one per failed attempt.
    const transient = outcome.kind === 'transient';
    logger.error(transient ? 'payment failed (transient)' : 'payment rejected (permanent)', {
      orderId: order.id,
      attempt: order.attempts,
      transient,
      error: new PaymentFailed(`order ${order.id}: ${outcome.reason}`),
    });
  }

  return {
    async tick() {
      const claimedAt = clock();
      const order = await store.claimNextDue(claimedAt, new Date(claimedAt.getTime() + deps.leaseMs));
      if (!order) return 'idle';

      const payload = paymentRequestFor(order);
      const outcome = await withOrderId(order.id, async () => {
        logger.info('payment attempt', { orderId: order.id, attempt: order.attempts, payload });
        const result = await finance.pay(payload, idempotencyKeyFor(order));
        logOutcome(order, payload, result);
        return result;
      });

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
