// The `queue_length` metric (orders Queued or Processing), read from the database each time the
// metrics are collected. Through OpenTelemetry's API: without telemetry it is never called.
import { metrics } from '@opentelemetry/api';
import type { Clock } from '../platform/clock';
import type { OrderStore } from './store/order-store';

export function registerQueueLengthMetric(store: OrderStore, clock: Clock): void {
  const gauge = metrics.getMeter('order-processing-app').createObservableGauge('queue_length', {
    description: 'Orders waiting to be paid: Queued or Processing',
  });
  gauge.addCallback(async (result) => {
    const summary = await store.summary(clock());
    result.observe(summary.queued + summary.processing);
  });
}
