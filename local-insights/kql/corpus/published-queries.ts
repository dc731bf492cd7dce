// The corpus: Microsoft's published queries over Application Insights data, each with where it was
// published and what it needs of a KQL engine (our list: the operators, then the functions). The
// query texts are Microsoft's, as published (comments dropped); the corpus test beside this file
// runs every one against known telemetry (corpus-telemetry.ts). The second list holds the queries that need
// arithmetic over aggregates (`sum(_sum) / sum(_count)`), the workspace tables (`AppRequests` …) or
// the classic browser tables (`pageViews`, `availabilityResults`, `browserTimings`).

export interface PublishedQuery {
  /** Microsoft's title for the query (the metric's name on the log-based metrics page). */
  title: string;
  source: string;
  query: string;
  /** What the query uses: operators first, then scalar and aggregation functions. */
  needs: string[];
}

const LOG_BASED_METRICS = 'https://learn.microsoft.com/azure/azure-monitor/essentials/app-insights-metrics';
const CUSTOM_EVENTS_API = 'https://learn.microsoft.com/azure/azure-monitor/app/api-custom-events-metrics';
const EVENT_COUNTERS = 'https://learn.microsoft.com/azure/azure-monitor/app/eventcounters';
const SAMPLING = 'https://learn.microsoft.com/azure/azure-monitor/app/sampling-classic-api';
const QUERY_GALLERY = 'https://github.com/microsoft/AzureMonitorCommunity/tree/master/Azure%20Services/Application%20Insights/Queries';

const CORE_QUERIES: PublishedQuery[] = [
  {
    title: 'Browser exceptions (exceptions/browser)', source: LOG_BASED_METRICS,
    query: 'exceptions\n| where notempty(client_Browser)\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['where', 'summarize', 'render', 'notempty', 'sum', 'bin'],
  },
  {
    title: 'Dependency call failures (dependencies/failed)', source: LOG_BASED_METRICS,
    query: 'dependencies\n| where success == \'False\'\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['where', 'summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Exceptions (exceptions/count)', source: LOG_BASED_METRICS,
    query: 'exceptions\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Failed requests (requests/failed)', source: LOG_BASED_METRICS,
    query: 'requests\n| where success == \'False\'\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['where', 'summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Server exceptions (exceptions/server)', source: LOG_BASED_METRICS,
    query: 'exceptions\n| where isempty(client_Browser)\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['where', 'summarize', 'render', 'isempty', 'sum', 'bin'],
  },
  {
    title: 'Dependency calls (dependencies/count)', source: LOG_BASED_METRICS,
    query: 'dependencies\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Server requests (requests/count)', source: LOG_BASED_METRICS,
    query: 'requests\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render barchart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Traces (traces/count)', source: LOG_BASED_METRICS,
    query: 'traces\n| summarize sum(itemCount) by bin(timestamp, 1h)\n| render barchart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Custom events in Log Analytics', source: CUSTOM_EVENTS_API,
    query: 'customEvents | summarize sum(itemCount)',
    needs: ['summarize', 'sum'],
  },
  {
    title: 'Requests in Log Analytics', source: CUSTOM_EVENTS_API,
    query: 'requests\n| summarize count = sum(itemCount), avgduration = avg(duration) by name',
    needs: ['summarize', 'sum', 'avg'],
  },
  {
    title: 'Exceptions in Log Analytics: count by type', source: CUSTOM_EVENTS_API,
    query: 'exceptions\n| summarize sum(itemCount) by type',
    needs: ['summarize', 'sum'],
  },
  {
    title: 'Exceptions in Log Analytics: a frame from details', source: CUSTOM_EVENTS_API,
    query: 'exceptions\n| extend method2 = tostring(details[0].parsedStack[1].method)',
    needs: ['extend', 'tostring'],
  },
  {
    title: 'Exceptions in Log Analytics: with their requests', source: CUSTOM_EVENTS_API,
    query: 'exceptions\n| join (requests) on operation_Id',
    needs: ['join'],
  },
  {
    title: 'Traces in Log Analytics', source: CUSTOM_EVENTS_API,
    query: 'traces | summarize sum(itemCount)',
    needs: ['summarize', 'sum'],
  },
  {
    title: 'Dependencies in Log Analytics: count by target', source: CUSTOM_EVENTS_API,
    query: 'dependencies\n| summarize sum(itemCount) by target',
    needs: ['summarize', 'sum'],
  },
  {
    title: 'Dependencies in Log Analytics: with their requests', source: CUSTOM_EVENTS_API,
    query: 'dependencies\n| join (requests) on operation_Id',
    needs: ['join'],
  },
  {
    title: 'Custom measurements and properties in Log Analytics', source: CUSTOM_EVENTS_API,
    query: 'requests\n| summarize sum(itemCount), avg(todouble(customMeasurements.score)) by tostring(customDimensions.game)',
    needs: ['summarize', 'sum', 'avg', 'todouble', 'tostring'],
  },
  {
    title: 'Event counters in Analytics: which counters are collected', source: EVENT_COUNTERS,
    query: 'performanceCounters | summarize avg(value) by name',
    needs: ['summarize', 'avg'],
  },
  {
    title: 'Event counters in Analytics: one counter per instance', source: EVENT_COUNTERS,
    query: 'performanceCounters \n| where name contains "System.Runtime|ThreadPool Completed Work Item Count"\n| where timestamp >= ago(1h)\n| summarize  avg(value) by cloud_RoleInstance, bin(timestamp, 1m)\n| render timechart',
    needs: ['where', 'summarize', 'render', 'ago', 'avg', 'bin'],
  },
];

const PERFORMANCE_COUNTER = (category: string, counter: string, name: string, quote = '"') =>
  `performanceCounters\n| where ((category == "${category}" and counter == "${counter}") or name == "${name}")\n`
  + `| extend performanceCounter_value = iif(itemType == ${quote}performanceCounter${quote}, value, todouble(''))\n`
  + '| summarize sum(performanceCounter_value) / count() by bin(timestamp, 1m)\n| render timechart';
const COUNTER_NEEDS = ['where', 'extend', 'summarize', 'render', 'iif', 'todouble', 'sum', 'count', 'bin'];

const BROWSER_TIMING = (column: string, spaced = true) =>
  `browserTimings\n| where notempty(${column})\n| extend _sum = ${column}\n| extend _count = itemCount\n| extend _sum = _sum * _count\n`
  + `| summarize ${spaced ? 'sum(_sum) / sum(_count)' : 'sum(_sum)/sum(_count)'} by bin(timestamp, 5m)\n| render timechart`;
const BROWSER_NEEDS = ['where', 'extend', 'summarize', 'render', 'notempty', 'sum', 'bin'];

const EVERY_TABLE = 'union traces, requests, pageViews, dependencies, customEvents, availabilityResults, exceptions, customMetrics, browserTimings';

const METRICS_AND_OTHER_SCHEMAS: PublishedQuery[] = [
  // Application Insights' log-based metrics: the performance counters divide two aggregates.
  ...([
    ['Available memory (performanceCounters/availableMemory)', 'Memory', 'Available Bytes', 'availableMemory', '"'],
    ['Exception rate (performanceCounters/exceptionRate)', '.NET CLR Exceptions', '# of Exceps Thrown / sec', 'exceptionRate', '\''],
    ['HTTP request execution time (performanceCounters/requestExecutionTime)', 'ASP.NET Applications', 'Request Execution Time', 'requestExecutionTime', '"'],
    ['HTTP request rate (performanceCounters/requestsPerSecond)', 'ASP.NET Applications', 'Requests/Sec', 'requestsPerSecond', '"'],
    ['HTTP requests in application queue (performanceCounters/requestsInQueue)', 'ASP.NET Applications', 'Requests In Application Queue', 'requestsInQueue', '"'],
    ['Process CPU (performanceCounters/processCpuPercentage)', 'Process', '% Processor Time Normalized', 'processCpuPercentage', '"'],
    ['Process IO rate (performanceCounters/processIOBytesPerSecond)', 'Process', 'IO Data Bytes/sec', 'processIOBytesPerSecond', '"'],
    ['Process private bytes (performanceCounters/processPrivateBytes)', 'Process', 'Private Bytes', 'processPrivateBytes', '"'],
    ['Processor time (performanceCounters/processorCpuPercentage)', 'Processor', '% Processor Time', 'processorCpuPercentage', '"'],
  ] as const).map(([title, category, counter, name, quote]) => ({
    title, source: LOG_BASED_METRICS, query: PERFORMANCE_COUNTER(category, counter, name, quote), needs: COUNTER_NEEDS,
  })),
  {
    title: 'Dependency duration (dependencies/duration)', source: LOG_BASED_METRICS,
    query: 'dependencies\n| where notempty(duration)\n| extend dependency_duration = iif(itemType == \'dependency\',duration,todouble(\'\'))\n| extend _sum = dependency_duration\n| extend _count = itemCount\n| extend _sum = _sum*_count\n| summarize sum(_sum)/sum(_count) by bin(timestamp, 1m)\n| render timechart',
    needs: ['where', 'extend', 'summarize', 'render', 'notempty', 'iif', 'todouble', 'sum', 'bin'],
  },
  {
    title: 'Server response time (requests/duration)', source: LOG_BASED_METRICS,
    query: 'requests\n| where notempty(duration)\n| extend request_duration = iif(itemType == \'request\', duration, todouble(\'\'))\n| extend _sum = request_duration\n| extend _count = itemCount\n| extend _sum = _sum*_count\n| summarize sum(_sum) / sum(_count) by bin(timestamp, 1m)\n| render timechart',
    needs: ['where', 'extend', 'summarize', 'render', 'notempty', 'iif', 'todouble', 'sum', 'bin'],
  },
  // The classic tables that the browser SDK and availability tests fill.
  {
    title: 'Availability (availabilityResults/availabilityPercentage)', source: LOG_BASED_METRICS,
    query: 'availabilityResults \n| summarize sum(todouble(success == 1) * 100) / count() by bin(timestamp, 5m), location\n| render timechart',
    needs: ['summarize', 'render', 'todouble', 'sum', 'count', 'bin'],
  },
  {
    title: 'Availability test duration (availabilityResults/duration)', source: LOG_BASED_METRICS,
    query: 'availabilityResults\n| where notempty(duration)\n| extend availabilityResult_duration = iif(itemType == \'availabilityResult\', duration, todouble(\'\'))\n| summarize sum(availabilityResult_duration)/sum(itemCount) by bin(timestamp, 5m), location\n| render timechart',
    needs: ['where', 'extend', 'summarize', 'render', 'notempty', 'iif', 'todouble', 'sum', 'bin'],
  },
  {
    title: 'Availability tests (availabilityResults/count)', source: LOG_BASED_METRICS,
    query: 'availabilityResults\n| summarize sum(itemCount) by bin(timestamp, 5m)\n| render timechart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  ...([
    ['Browser page load time (browserTimings/totalDuration)', 'totalDuration', true],
    ['Client processing time (browserTiming/processingDuration)', 'processingDuration', false],
    ['Page load network connect time (browserTimings/networkDuration)', 'networkDuration', true],
    ['Receiving response time (browserTimings/receiveDuration)', 'receiveDuration', true],
    ['Send request time (browserTimings/sendDuration)', 'sendDuration', true],
  ] as const).map(([title, column, spaced]) => ({
    title, source: LOG_BASED_METRICS, query: BROWSER_TIMING(column, spaced), needs: BROWSER_NEEDS,
  })),
  {
    title: 'Page view load time (pageViews/duration)', source: LOG_BASED_METRICS,
    query: 'pageViews\n| where notempty(duration)\n| extend pageView_duration = iif(itemType == \'pageView\', duration, todouble(\'\'))\n| extend _sum = pageView_duration\n| extend _count = itemCount\n| extend _sum = _sum * _count\n| summarize sum(_sum) / sum(_count) by bin(timestamp, 5m)\n| render barchart',
    needs: ['where', 'extend', 'summarize', 'render', 'notempty', 'iif', 'todouble', 'sum', 'bin'],
  },
  {
    title: 'Page views (pageViews/count)', source: LOG_BASED_METRICS,
    query: 'pageViews\n| summarize sum(itemCount) by bin(timestamp, 1h)\n| render barchart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  ...([
    ['Sessions (sessions/count)', 'session_Id'],
    ['Users (users/count)', 'user_Id'],
    ['Users, Authenticated (users/authenticated)', 'user_AuthenticatedId'],
  ] as const).map(([title, column]) => ({
    title, source: LOG_BASED_METRICS,
    query: `${EVERY_TABLE}\n| where notempty(${column})\n| summarize dcount(${column}) by bin(timestamp, 1h)\n| render barchart`,
    needs: ['union', 'where', 'summarize', 'render', 'notempty', 'dcount', 'bin'],
  })),
  {
    title: 'Page telemetry in Log Analytics: browser timings by page', source: CUSTOM_EVENTS_API,
    query: 'browserTimings\n| summarize avg(networkDuration), avg(processingDuration), avg(totalDuration) by name',
    needs: ['summarize', 'avg'],
  },
  {
    title: 'Page telemetry in Log Analytics: popularity of browsers', source: CUSTOM_EVENTS_API,
    query: 'pageViews\n| summarize count() by client_Browser',
    needs: ['summarize', 'count'],
  },
  {
    title: 'Page telemetry in Log Analytics: page views with their AJAX calls', source: CUSTOM_EVENTS_API,
    query: 'pageViews\n| join (dependencies) on operation_Id',
    needs: ['join'],
  },
  {
    title: 'Knowing whether sampling is in operation', source: SAMPLING,
    query: 'union requests,dependencies,pageViews,browserTimings,exceptions,traces\n| where timestamp > ago(1d)\n| summarize RetainedPercentage = 100/avg(itemCount) by bin(timestamp, 1h), itemType',
    needs: ['union', 'where', 'summarize', 'ago', 'avg', 'bin'],
  },
  // The Azure Monitor query gallery's Application Insights queries, over the workspace tables.
  {
    title: 'Page views trend', source: QUERY_GALLERY,
    query: 'AppPageViews\n| where ClientType == \'Browser\'\n| summarize count_sum = sum(ItemCount) by bin(TimeGenerated,30m), _ResourceId\n| render timechart',
    needs: ['where', 'summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Slowest pages', source: QUERY_GALLERY,
    query: 'AppPageViews\n| where notempty(DurationMs) and ClientType == \'Browser\'\n| extend total_duration=DurationMs*ItemCount\n| summarize avg_duration=(sum(total_duration)/sum(ItemCount)) by OperationName\n| top 3 by avg_duration desc',
    needs: ['where', 'extend', 'summarize', 'top', 'notempty', 'sum'],
  },
  {
    title: 'Top 3 browser exceptions', source: QUERY_GALLERY,
    query: 'AppExceptions\n| where notempty(ClientBrowser) and ClientType == \'Browser\'\n| summarize total_exceptions = sum(ItemCount) by ProblemId\n| top 3 by total_exceptions desc',
    needs: ['where', 'summarize', 'top', 'notempty', 'sum'],
  },
  {
    title: 'Operations performance', source: QUERY_GALLERY,
    query: 'AppRequests\n| summarize RequestsCount=sum(ItemCount), AverageDuration=avg(DurationMs), percentiles(DurationMs, 50, 95, 99) by OperationName, _ResourceId\n| order by RequestsCount desc',
    needs: ['summarize', 'order', 'sum', 'avg', 'percentiles'],
  },
  {
    title: 'Request count trend', source: QUERY_GALLERY,
    query: 'AppRequests\n| summarize totalCount=sum(ItemCount) by bin(TimeGenerated, 30m), _ResourceId\n| render timechart',
    needs: ['summarize', 'render', 'sum', 'bin'],
  },
  {
    title: 'Response time buckets', source: QUERY_GALLERY,
    query: 'AppRequests\n| summarize requestCount=sum(ItemCount), avgDuration=avg(DurationMs) by PerformanceBucket\n| order by avgDuration asc\n| project-away avgDuration\n| render barchart',
    needs: ['summarize', 'order', 'project-away', 'render', 'sum', 'avg'],
  },
  {
    title: 'Response time trend', source: QUERY_GALLERY,
    query: 'AppRequests\n| where TimeGenerated > ago(12h) \n| summarize avgRequestDuration=avg(DurationMs) by bin(TimeGenerated, 10m), _ResourceId\n| render timechart',
    needs: ['where', 'summarize', 'render', 'ago', 'avg', 'bin'],
  },
  {
    title: 'Top 10 countries by traffic', source: QUERY_GALLERY,
    query: 'AppRequests\n| summarize CountByCountry=count() by ClientCountryOrRegion\n| top 10 by CountByCountry\n| render piechart',
    needs: ['summarize', 'top', 'render', 'count'],
  },
  {
    title: 'Exceptions causing request failures', source: QUERY_GALLERY,
    query: 'AppRequests\n| where TimeGenerated > ago(1h) and Success == false\n| join kind= inner (\nAppExceptions\n| where TimeGenerated > ago(1h)\n) on OperationId\n| project exceptionType = Type, failedMethod = Method, requestName = Name, requestDuration = DurationMs, _ResourceId',
    needs: ['where', 'join', 'project', 'ago'],
  },
  {
    title: 'Failed operations', source: QUERY_GALLERY,
    query: 'AppRequests\n| where Success == false\n| summarize failedCount=sum(ItemCount), impactedUsers=dcount(UserId) by OperationName, _ResourceId\n| order by failedCount desc',
    needs: ['where', 'summarize', 'order', 'sum', 'dcount'],
  },
  {
    title: 'Failed requests – top 10', source: QUERY_GALLERY,
    query: 'AppRequests\n| where Success == false\n| summarize failedCount=sum(ItemCount) by Name\n| top 10 by failedCount desc\n| render barchart',
    needs: ['where', 'summarize', 'top', 'render', 'sum'],
  },
  {
    title: 'Failing dependencies', source: QUERY_GALLERY,
    query: 'AppDependencies\n| where Success == false\n| summarize totalCount=sum(ItemCount) by DependencyType\n| top 5 by totalCount desc',
    needs: ['where', 'summarize', 'top', 'sum'],
  },
];

export const PUBLISHED_QUERIES: PublishedQuery[] = [...CORE_QUERIES, ...METRICS_AND_OTHER_SCHEMAS];
