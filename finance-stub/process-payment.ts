// The supplier's payment desk: judges a payment, remembers idempotency keys, counts what happened.
// Its rules are the workshop's puzzle, so its answers stay terse, as a real supplier's would.
import { z } from 'zod';
import type { Clock } from '../platform/clock';
import { londonOffsetMinutes, parseIsoWithOffset } from '../platform/london-time';
import type { Faults } from '../scenarios/catalog';
import type { Random } from '../scenarios/random';
import { decideFault } from './faults';

export interface PaymentAnswer {
  status: number;
  body: string;
}

/** What the desk does with one call: answer now, or hold the line (a hang). */
export type PaymentDecision = { kind: 'answer'; answer: PaymentAnswer } | { kind: 'hang' };

export interface PaymentStats {
  paid: number;
  duplicates: number;
  rejected: number;
  transientFailures: number;
  ordersGenerated: number;
}

const PaymentBody = z.object({
  orderId: z.number().int(),
  product: z.string(),
  customer: z.string(),
  date: z.string(),
});

const REQUIRED_FIELDS = ['orderId', 'product', 'customer', 'date'] as const;

/** The rules on their own: a 400 answer, or null when the payment is acceptable. */
export function judgePayment(body: unknown, now: Date): PaymentAnswer | null {
  const record = typeof body === 'object' && body !== null ? body : {};
  const missing = REQUIRED_FIELDS.find((field) => !(field in record));
  if (missing) return { status: 400, body: `Missing field: ${missing}` };
  const parsed = PaymentBody.safeParse(body);
  if (!parsed.success) return { status: 400, body: `Invalid field: ${String(parsed.error.issues[0]?.path[0])}` };

  const date = parseIsoWithOffset(parsed.data.date);
  if ('error' in date) return { status: 400, body: 'Invalid date' };
  // Terse on purpose: the supplier does not say what is wrong with the date; the payload shows it.
  if (date.offsetMinutes !== londonOffsetMinutes(date.instant)) return { status: 400, body: 'Invalid date' };
  if (date.instant.getTime() > now.getTime()) return { status: 400, body: 'Invalid date: date is in the future' };
  return null;
}

export interface PaymentDesk {
  /** `idempotencyKey` is optional, as with real suppliers; without one, nothing is deduplicated. */
  handle(body: unknown, idempotencyKey: string | undefined, faults: Faults | null): PaymentDecision;
  countGeneratedOrder(): void;
  stats(): PaymentStats;
  reset(): void;
}

export function createPaymentDesk(deps: { clock: Clock; random: Random }): PaymentDesk {
  // Only payments taken are remembered, as payment processors do: a refusal (400) or a failure
  // (5xx, hang) took no money, so a retry with the same key, corrected or not, is judged afresh.
  let paidByKey = new Map<string, PaymentAnswer>();
  let stats: PaymentStats = { paid: 0, duplicates: 0, rejected: 0, transientFailures: 0, ordersGenerated: 0 };

  return {
    handle(body, idempotencyKey, faults) {
      const earlier = idempotencyKey === undefined ? undefined : paidByKey.get(idempotencyKey);
      if (earlier) {
        stats.duplicates++;
        return { kind: 'answer', answer: earlier };
      }

      const fault = decideFault(faults, deps.random);
      switch (fault) {
        case 'hang':
          stats.transientFailures++;
          return { kind: 'hang' };
        case 'fail-500':
          stats.transientFailures++;
          return { kind: 'answer', answer: { status: 500, body: 'Internal Server Error' } };
        case 'fail-503':
          stats.transientFailures++;
          return { kind: 'answer', answer: { status: 503, body: 'Service Unavailable' } };
        case 'ok':
          break;
      }

      const refusal = judgePayment(body, deps.clock());
      const answer = refusal ?? { status: 200, body: 'Payment accepted' };
      if (refusal) {
        stats.rejected++;
      } else {
        stats.paid++;
        if (idempotencyKey !== undefined) paidByKey.set(idempotencyKey, answer);
      }
      return { kind: 'answer', answer };
    },
    countGeneratedOrder() {
      stats.ordersGenerated++;
    },
    stats() {
      return { ...stats };
    },
    reset() {
      paidByKey = new Map();
      stats = { paid: 0, duplicates: 0, rejected: 0, transientFailures: 0, ordersGenerated: 0 };
    },
  };
}
