// How an order looks in JSON answers: the field names of the original workshop (date_placed,
// date_processed), never the download bytes.
import type { Order } from '../orders/lifecycle';

export function orderJson(order: Order) {
  return {
    id: order.id,
    product: order.product,
    customer: order.customer,
    date_placed: order.datePlaced,
    date_processed: order.dateProcessed?.toISOString() ?? null,
    status: order.status,
    attempts: order.attempts,
    next_attempt_at: order.nextAttemptAt.toISOString(),
    failure_reason: order.failureReason,
    last_error: order.lastError,
  };
}
