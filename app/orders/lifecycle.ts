// The order lifecycle, in one place and without I/O:
//
//   Queued ──claim──▶ Processing ──paid──────────────▶ Complete
//     ▲                   │ ──rejected (permanent)────▶ Failed (reason kept)
//     │                   │ ──transient, attempts left─┐
//     └── later attempt ◀─┴────────────────────────────┘
//                         │ ──transient, no attempts left──▶ Failed
//
// An order left in Processing by an instance that died goes back to Queued when its lease
// expires (the stores do that when they claim). payment-job.ts drives one attempt through here.
// workshop(retries): solution
// workshop(retries): starter
// //
// // Not all of this is built yet: here any answer but a payment fails the order for good, until
// // part 8 of WORKSHOP.md adds the retry path (backoffMs below waits for it).
// workshop(retries): end
import type { RetryPolicy } from '../config';

export const ORDER_STATUSES = ['Queued', 'Processing', 'Complete', 'Failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  id: number;
  product: string;
  customer: string;
  /** When the order was placed, as given: `2024-03-31T12:00:00+10:00`. */
  datePlaced: string;
  /** Set when the order reaches Complete. */
  dateProcessed: Date | null;
  status: OrderStatus;
  /** Payment attempts so far, including one in flight. */
  attempts: number;
  nextAttemptAt: Date;
  /** Why the order Failed, for good. */
  failureReason: string | null;
  /** Why the latest attempt did not complete, while the order is being retried. */
  lastError: string | null;
}

/** An order a worker holds: `attempts` already counts the attempt about to be made. */
export type ClaimedOrder = Order & { status: 'Processing' };

/** What one call to the finance package came to. Expected failures are values, not exceptions. */
export type PaymentOutcome =
  | { kind: 'paid'; statusCode: number; responseText: string }
  | { kind: 'rejected'; statusCode: number; responseText: string; reason: string }
  | { kind: 'transient'; statusCode: number | null; responseText: string; reason: string };

/** The change to store after an attempt. */
export type OrderChange =
  | { status: 'Complete'; dateProcessed: Date }
  | { status: 'Failed'; failureReason: string }
  | { status: 'Queued'; nextAttemptAt: Date; lastError: string };

/**
 * Permanent or transient, from the HTTP status alone:
 * 2xx paid; 408 (timeout) and 429 (slow down) are transient, as is any 5xx; any other 4xx means
 * the supplier will never accept this payment as it is, so retrying would only repeat the refusal.
 */
export function classifyStatus(statusCode: number, responseText: string): PaymentOutcome {
  if (statusCode >= 200 && statusCode < 300) return { kind: 'paid', statusCode, responseText };
  const reason = `finance package answered ${statusCode}${responseText ? `: ${responseText}` : ''}`;
  if (statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429) {
    return { kind: 'rejected', statusCode, responseText, reason };
  }
  // 5xx, 408, 429 — and anything unexpected (1xx, 3xx): the supplier may answer differently later.
  return { kind: 'transient', statusCode, responseText, reason };
}

/** Exponential backoff: base, 2×base, 4×base … never more than the cap. */
export function backoffMs(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 40));
}

export function afterPaymentAttempt(
  order: ClaimedOrder,
  outcome: PaymentOutcome,
  now: Date,
  // workshop(retries): solution
  policy: RetryPolicy,
  // workshop(retries): starter
  // _policy: RetryPolicy, // the PAYMENT_* settings: not used until part 8
  // workshop(retries): end
): OrderChange {
  // workshop(retries): solution
  switch (outcome.kind) {
    case 'paid':
      return { status: 'Complete', dateProcessed: now };
    case 'rejected':
      return { status: 'Failed', failureReason: outcome.reason };
    case 'transient':
      // attempts already counts this one
      return order.attempts >= policy.maxAttempts
        ? { status: 'Failed', failureReason: `gave up after ${order.attempts} attempts: ${outcome.reason}` }
        : {
            status: 'Queued',
            nextAttemptAt: new Date(now.getTime() + backoffMs(order.attempts, policy)),
            lastError: outcome.reason,
          };
  }
  // workshop(retries): starter
  // // Any answer but a payment fails the order for good, even one that would succeed if tried again.
  // if (outcome.kind === 'paid') return { status: 'Complete', dateProcessed: now };
  // return { status: 'Failed', failureReason: outcome.reason };
  // workshop(retries): end
}
