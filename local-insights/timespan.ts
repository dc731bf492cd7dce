// The query API's `timespan`: an ISO 8601 duration ending now (`PT1H`, `P1D`, `P1DT12H`), or an
// interval `start/end` or `start/duration`, as Application Insights accepts it.
const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) return null;
  const [, w = '0', d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(w) * 7 + Number(d)) * 24 * 3600 + Number(h) * 3600 + Number(min) * 60 + Number(s)) * 1000;
}

/** The window [from, to] a timespan names, or a reason it cannot be read. */
export function parseTimespan(text: string, now: number): { from: number; to: number } | { error: string } {
  const [first = '', second] = text.split('/');
  if (second === undefined) {
    const ms = parseIsoDuration(first);
    return ms === null ? { error: `timespan ${JSON.stringify(text)} is not an ISO 8601 duration such as PT1H or P1D` } : { from: now - ms, to: now };
  }
  const start = Date.parse(first);
  if (Number.isNaN(start)) return { error: `timespan ${JSON.stringify(text)} does not start with an ISO 8601 date-time` };
  const end = Date.parse(second);
  if (!Number.isNaN(end)) return { from: start, to: end };
  const ms = parseIsoDuration(second);
  return ms === null ? { error: `timespan ${JSON.stringify(text)} does not end with a date-time or a duration` } : { from: start, to: start + ms };
}
