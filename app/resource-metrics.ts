// Part 10's resource metrics, beside queue_length: what Azure shows for the resources the app runs
// on, reported by the app itself so that they reach customMetrics (local-insights' Metrics page,
// and Application Insights too):
//   database_space_used_bytes, database_space_used_percent — the Azure SQL database's "Data space
//     used" and "Data space used percent" (of its max size; DATABASE_MAX_SIZE_MB for SQLite);
//   process_cpu_percent — the App Service Plan's "CPU Percentage": this process's CPU time as a
//     share of all the machine's cores since the last sample;
//   process_memory_bytes, process_memory_percent — resident memory, and its share of the machine's.
import os from 'node:os';
import { metrics } from '@opentelemetry/api';
import type { OrderStore } from './store/order-store';

export function registerResourceMetrics(store: OrderStore): void {
  const meter = metrics.getMeter('order-processing-app');
  const spaceBytes = meter.createObservableGauge('database_space_used_bytes', { description: 'Data space used by the order database', unit: 'By' });
  const spacePercent = meter.createObservableGauge('database_space_used_percent', { description: 'Data space used, percent of the database max size', unit: '%' });
  const cpuPercent = meter.createObservableGauge('process_cpu_percent', { description: 'CPU used by the app, percent of all cores', unit: '%' });
  const memoryBytes = meter.createObservableGauge('process_memory_bytes', { description: 'Resident memory of the app', unit: 'By' });
  const memoryPercent = meter.createObservableGauge('process_memory_percent', { description: 'Resident memory, percent of the machine', unit: '%' });

  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  meter.addBatchObservableCallback(async (result) => {
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    const elapsedMicros = (now - lastAt) * 1000;
    lastCpu = process.cpuUsage();
    lastAt = now;
    if (elapsedMicros > 0) result.observe(cpuPercent, (100 * (cpu.user + cpu.system)) / (elapsedMicros * os.availableParallelism()));
    const rss = process.memoryUsage.rss();
    result.observe(memoryBytes, rss);
    result.observe(memoryPercent, (100 * rss) / os.totalmem());
    // A database that cannot be read has no figure to give this time; /healthz says why.
    const space = await store.spaceUsed().catch(() => null);
    if (space) {
      result.observe(spaceBytes, space.usedBytes);
      if (space.maxBytes > 0) result.observe(spacePercent, (100 * space.usedBytes) / space.maxBytes);
    }
  }, [spaceBytes, spacePercent, cpuPercent, memoryBytes, memoryPercent]);
}
