// Application Insights for both processes (applicationinsights v3, OpenTelemetry underneath).
//
// Started by main.ts before anything it instruments is loaded: the SDK hooks into express, http
// and winston as they are *required*, so they must not be loaded yet. This file therefore imports
// none of them, and loads the SDK itself only when a connection string is set (it costs ~0.4 s).
//
// What learners query must be complete, so: no sampling (samplingRatio 1, no per-second cap);
// requests named by route (`POST /new`) through the express instrumentation; winston logs as
// traces; each item tagged with the role name (service.name) and version (service.version); an
// order id in context (see telemetry-context.ts) copied onto every span and log record.
//
// And nothing may be sent anywhere but the ingestion endpoint of the connection string: statsbeat
// and SDK stats are switched off, live metrics too, the Azure VM detector (which asks the metadata
// address 169.254.169.254 at every start) is replaced by one that detects nothing, and the
// exporter's OneSettings poller is never started (see stopOneSettings below).
import type { IncomingMessage, RequestOptions } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WinstonInstrumentationConfig } from '@opentelemetry/instrumentation-winston';
import { orderIdIn } from './telemetry-context';

export interface TelemetryOptions {
  roleName: string;
  version: string;
  connectionString: string | undefined;
  /** Where unsent telemetry waits for a retry; none (kept in memory only) when unset. */
  storageDirectory: string | undefined;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Sends what is buffered, waiting at most `timeoutMs`; for shutdown, inside the 5 s stop budget. */
  flush(timeoutMs: number): Promise<void>;
}

/** The options for a process, from the fields both processes' configs share. */
export function telemetryOptionsFor(
  roleName: string,
  config: { version: string; appInsightsConnectionString: string | undefined; telemetryStorageDirectory: string | undefined },
): TelemetryOptions {
  return { roleName, version: config.version, connectionString: config.appInsightsConnectionString, storageDirectory: config.telemetryStorageDirectory };
}

const disabled: Telemetry = { enabled: false, flush: async () => undefined };

/** The IngestionEndpoint of a connection string, or undefined (the SDK then uses Azure's default). */
export function ingestionEndpoint(connectionString: string): string | undefined {
  return /(?:^|;)\s*IngestionEndpoint=([^;]+)/i.exec(connectionString)?.[1]?.trim().replace(/\/+$/, '');
}

/**
 * Requests that are not what a learner looks for in `requests`, and that each cost ingestion in
 * Azure: App Service's health probes, the dashboard's own polling every 2 s (its panel, and the
 * scenario status it reads from the finance package), and static files. Every other request is
 * kept, unsampled.
 */
export function isUntrackedRequest(method: string, path: string): boolean {
  return path === '/healthz' || path === '/dashboard/panel' || path === '/favicon.ico' || path.startsWith('/assets/')
    || (method === 'GET' && path === '/scenario');
}

const pathOf = (url: string | undefined) => (url ?? '').split('?')[0] ?? '';

// The SDK hands these options to OpenTelemetry's http instrumentation, whose hooks these are: the
// same rule for requests served (`requests`) and calls made (`dependencies`).
const httpOptions = {
  enabled: true,
  ignoreIncomingRequestHook: (request: IncomingMessage): boolean => isUntrackedRequest(request.method ?? 'GET', pathOf(request.url)),
  ignoreOutgoingRequestHook: (request: RequestOptions): boolean => isUntrackedRequest(request.method ?? 'GET', pathOf(request.path ?? undefined)),
};

class OrderIdSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const orderId = orderIdIn(parentContext);
    if (orderId !== undefined) span.setAttribute('orderId', orderId);
  }
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

class OrderIdLogProcessor implements LogRecordProcessor {
  onEmit(record: SdkLogRecord, context?: Context): void {
    const orderId = context ? orderIdIn(context) : undefined;
    if (orderId !== undefined && record.attributes.orderId === undefined) record.setAttribute('orderId', orderId);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/**
 * The Azure Monitor exporter (1.0.0-beta.47, which applicationinsights 3.17 runs on) polls Azure's
 * OneSettings host, settings.sdk.monitor.azure.com, 5 to 15 s after it starts and hourly after, for
 * remote switches (SDK stats, offline storage). It offers no option or environment variable to turn
 * that off, so we make the process-wide ConfigurationManager that starts the poller a no-op, before
 * any exporter exists, found in the very copy of the exporter that the SDK loads. If a later
 * release moves it, starting telemetry fails here, loudly, rather than calling Azure from a
 * laptop; and the repository's telemetry test, whose loopback guard sees every connection, fails.
 */
async function stopOneSettings(): Promise<void> {
  const fromDistro = createRequire(createRequire(require.resolve('applicationinsights')).resolve('@azure/monitor-opentelemetry'));
  const exporterEntry = fromDistro.resolve('@azure/monitor-opentelemetry-exporter');
  const file = path.join(path.dirname(exporterEntry), '_configuration', 'configurationManager.js');
  const loaded: unknown = await import(file);
  const manager: unknown =
    typeof loaded === 'object' && loaded !== null && 'ConfigurationManager' in loaded &&
    typeof loaded.ConfigurationManager === 'function' && 'getInstance' in loaded.ConfigurationManager &&
    typeof loaded.ConfigurationManager.getInstance === 'function'
      ? loaded.ConfigurationManager.getInstance()
      : undefined;
  if (typeof manager !== 'object' || manager === null || !('initialize' in manager) || !('shutdown' in manager) || typeof manager.shutdown !== 'function') {
    throw new Error(`telemetry: the exporter's OneSettings ConfigurationManager is not in ${file}; it would call an Azure settings host, so telemetry is not started`);
  }
  manager.shutdown();
  Object.assign(manager, { initialize: () => undefined });
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const { connectionString } = options;
  if (!connectionString) return disabled;

  // The SDK reads these switches from the environment only.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
  process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = 'true';
  process.env.OTEL_METRIC_EXPORT_INTERVAL ??= '5000'; // queue_length every few seconds, not every minute

  const azureDetectors = await import('@opentelemetry/resource-detector-azure');
  azureDetectors.azureVmDetector.detect = () => ({ attributes: {} });
  await stopOneSettings();

  const [{ useAzureMonitor, flushAzureMonitor }, { resourceFromAttributes }, { registerInstrumentations }, express, { AggregationType }] =
    await Promise.all([
      import('applicationinsights'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-express'),
      import('@opentelemetry/sdk-metrics'),
    ]);

  const endpoint = ingestionEndpoint(connectionString);
  // Trace ids belong in operation_Id, not printed in every log line.
  const winstonOptions: WinstonInstrumentationConfig = { enabled: true, disableLogCorrelation: true };
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      // The SDK rewrites http:// endpoints to https://; a loopback endpoint (local-insights) is plain http.
      ...(endpoint?.startsWith('http://') ? { host: endpoint, allowInsecureConnection: true } : {}),
      ...(options.storageDirectory ? { storageDirectory: options.storageDirectory } : { disableOfflineStorage: true }),
    },
    resource: resourceFromAttributes({ 'service.name': options.roleName, 'service.version': options.version }),
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableTraceBasedSamplingForLogs: false,
    enableLiveMetrics: false,
    enablePerformanceCounters: false,
    instrumentationOptions: {
      http: httpOptions,
      winston: winstonOptions,
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
    },
    // The http instrumentation's own duration histograms repeat what `requests` and `dependencies`
    // already hold: dropped, so customMetrics shows what the workshop asks about (queue_length).
    views: ['http.server.duration', 'http.client.duration'].map((instrumentName) => ({
      instrumentName,
      aggregation: { type: AggregationType.DROP },
    })),
    spanProcessors: [new OrderIdSpanProcessor()],
    logRecordProcessors: [new OrderIdLogProcessor()],
  });
  // Names each request by its route; no spans of its own for middleware (they would be noise in `dependencies`).
  registerInstrumentations({
    instrumentations: [
      new express.ExpressInstrumentation({
        ignoreLayersType: [express.ExpressLayerType.MIDDLEWARE, express.ExpressLayerType.ROUTER, express.ExpressLayerType.REQUEST_HANDLER],
      }),
    ],
  });

  return {
    enabled: true,
    flush: (timeoutMs) => withTimeout(flushAzureMonitor(), timeoutMs),
  };
}
