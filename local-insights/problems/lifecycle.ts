// A problem's life, as Rollbar tells it: new, active, resolved (optionally *in a version*),
// reactivated when it comes back, reopened or muted by hand. Each change says which notification
// triggers it sets off, each with a key that names that one event ("the 100th occurrence", "the
// 2nd reactivation"): notifications are recorded once per rule and key, so each fires exactly once.
// Pure: no I/O, no clock.

export const TRIGGERS = ['new', 'reactivated', 'occurrences10n', 'resolved', 'reopened', 'deploy'] as const;
export type Trigger = (typeof TRIGGERS)[number];
export type ProblemState = 'active' | 'resolved' | 'muted';

/** What the lifecycle needs to know of a problem. */
export interface ProblemCounters {
  count: number;
  state: ProblemState;
  resolvedInVersion: string | null;
  reactivations: number;
  resolutions: number;
  reopenings: number;
}

export interface Fired {
  trigger: Trigger;
  /** Unique per problem and event: the same key never notifies twice. */
  key: string;
}

export interface Change {
  next: ProblemCounters;
  fired: Fired[];
}

/**
 * `1.4.0+abc` against `1.10.0`: numerically, part by part, on what precedes `+` (build metadata,
 * here the commit, does not order versions). Unparseable parts compare as text.
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (v.split('+')[0] ?? '').replace(/^v/, '').split(/[.-]/);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? '0', pb[i] ?? '0'];
    const [nx, ny] = [Number(x), Number(y)];
    const order = Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** 10, 100, 1,000 … that lie in (before, after]: a batch of sampled items may cross one without landing on it. */
export function powersOfTenCrossed(before: number, after: number): number[] {
  const crossed: number[] = [];
  for (let power = 10; power <= after; power *= 10) if (power > before) crossed.push(power);
  return crossed;
}

/** An occurrence of a problem, `itemCount` strong (a sampled item stands for several). */
export function afterOccurrence(problem: ProblemCounters | undefined, occurrence: { version: string | null; itemCount: number }): Change {
  if (!problem) {
    const next: ProblemCounters = { count: occurrence.itemCount, state: 'active', resolvedInVersion: null, reactivations: 0, resolutions: 0, reopenings: 0 };
    return { next, fired: [{ trigger: 'new', key: 'new' }, ...tenfold(0, next.count)] };
  }
  const count = problem.count + occurrence.itemCount;
  switch (problem.state) {
    case 'muted':
      // Counted, never told: that is what muting is for.
      return { next: { ...problem, count }, fired: [] };
    case 'resolved': {
      // Resolved in 1.3.0: a 1.2.x instance still running is the old code, not a comeback.
      const fromOlderVersion = problem.resolvedInVersion !== null && occurrence.version !== null
        && compareVersions(occurrence.version, problem.resolvedInVersion) < 0;
      if (fromOlderVersion) return { next: { ...problem, count }, fired: [] };
      const reactivations = problem.reactivations + 1;
      return {
        next: { ...problem, count, state: 'active', resolvedInVersion: null, reactivations },
        fired: [{ trigger: 'reactivated', key: `reactivated:${reactivations}` }, ...tenfold(problem.count, count)],
      };
    }
    case 'active':
      return { next: { ...problem, count }, fired: tenfold(problem.count, count) };
  }
}

const tenfold = (before: number, after: number): Fired[] =>
  powersOfTenCrossed(before, after).map((power) => ({ trigger: 'occurrences10n', key: `occurrences10n:${power}` }));

/** Resolving an already resolved problem (in the same version) changes nothing and tells nobody. */
export function resolve(problem: ProblemCounters, inVersion: string | null): Change {
  if (problem.state === 'resolved' && problem.resolvedInVersion === inVersion) return { next: problem, fired: [] };
  const resolutions = problem.resolutions + 1;
  return { next: { ...problem, state: 'resolved', resolvedInVersion: inVersion, resolutions }, fired: [{ trigger: 'resolved', key: `resolved:${resolutions}` }] };
}

/** Reopening a resolved or muted problem makes it active again; an active one stays as it is. */
export function reopen(problem: ProblemCounters): Change {
  if (problem.state === 'active') return { next: problem, fired: [] };
  const reopenings = problem.reopenings + 1;
  return { next: { ...problem, state: 'active', resolvedInVersion: null, reopenings }, fired: [{ trigger: 'reopened', key: `reopened:${reopenings}` }] };
}

export function mute(problem: ProblemCounters): Change {
  return { next: { ...problem, state: 'muted', resolvedInVersion: null }, fired: [] };
}
