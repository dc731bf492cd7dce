// What telemetry should know about the work in hand, through OpenTelemetry's context: which order
// it is about (so the finance call's dependency and every log record carry `orderId` without it
// being passed to every function), and when work belongs to no request at all. Without telemetry
// this costs nothing: the context API is then a no-op.
import { ROOT_CONTEXT, context, createContextKey, trace, type Context } from '@opentelemetry/api';

const ORDER_ID = createContextKey('order-processing.orderId');

/** Runs `work` with `orderId` as the current order. */
export function withOrderId<T>(orderId: number, work: () => Promise<T>): Promise<T> {
  return context.with(context.active().setValue(ORDER_ID, orderId), work);
}

export function orderIdIn(ctx: Context): number | undefined {
  const value = ctx.getValue(ORDER_ID);
  return typeof value === 'number' ? value : undefined;
}

/** Tags the HTTP request being handled (its `requests` row) with the order it concerns. */
export function tagRequestWithOrder(orderId: number): void {
  trace.getActiveSpan()?.setAttribute('orderId', orderId);
}

/**
 * Runs `work` outside the current request's context. For timers started while handling a request
 * (the load generator after POST /scenario): otherwise every order they generate would join that
 * request's operation in Application Insights.
 */
export function detached<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}
