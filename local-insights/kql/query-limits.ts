// The limits of Application Insights' query API, kept here: the Azure Monitor Logs API answers at
// most 500,000 rows and 64 MB of data per query; a query runs for 3 minutes unless the request's
// `Prefer: wait=N` header asks for up to 10 minutes, and one that takes longer is a 504.
export const QUERY_LIMITS = {
  maxRows: 500_000,
  maxBytes: 64_000_000,
  defaultTimeoutMs: 180_000,
  maxTimeoutMs: 600_000,
} as const;
