// Every workshop scenario, declared once. The dashboard's dropdown, POST /scenario on both
// processes, the finance package's load generator and its faults all read this list, so they
// cannot drift apart: adding a scenario is one entry here (plus its effect, if it is a new kind).
//
// Times are in scenario seconds: the finance package divides them by TIME_SCALE.

export type LoadProfile =
  /** One order every `intervalSeconds`, for as long as the scenario runs. */
  | { kind: 'steady'; intervalSeconds: number }
  /** Faster orders for `peakSeconds`, then back to the baseline rate. */
  | { kind: 'peak'; peakIntervalSeconds: number; peakSeconds: number };

export interface Faults {
  /** Share of payments answered with a 5xx. */
  failShare: number;
  /** Share of payments held open until the caller gives up (a timeout on the caller's side). */
  hangShare: number;
}

export interface ScenarioDefinition {
  label: string;
  /** What a learner should see, in one sentence (shown under the dropdown). */
  summary: string;
  /** What the app itself does when the scenario is chosen. */
  appEffect: 'none' | 'add-broken-order' | 'delete-all-orders';
  load: LoadProfile;
  faults: Faults | null;
  /** The finance package seeds the starting orders again (when the app has none). */
  reseed: boolean;
}

/** The supplier's steady trickle of orders in every scenario without a load of its own. */
export const BASELINE_INTERVAL_SECONDS = 30;
export const BASELINE_LOAD: LoadProfile = { kind: 'steady', intervalSeconds: BASELINE_INTERVAL_SECONDS };

export const scenarios = {
  // key order is dropdown order
  BrokenOrder: {
    label: 'Add broken order',
    summary: 'Adds an order dated in the year 3000; the finance package rejects it with a 400.',
    appEffect: 'add-broken-order',
    load: BASELINE_LOAD,
    faults: null,
    reseed: false,
  },
  HighLoad: {
    // 30 minutes of an order every 3 s (the app pays one every 5 s by default): the queue grows
    // by about 0.13 orders a second, to ~240, then drains once the peak is over.
    label: 'Monitoring Load',
    summary: 'Orders arrive faster than the app can pay for them for half an hour, then fall back to normal.',
    appEffect: 'none',
    load: { kind: 'peak', peakIntervalSeconds: 3, peakSeconds: 30 * 60 },
    faults: null,
    reseed: false,
  },
  UnreliableProcessing: {
    label: 'Queue Reliability',
    summary: 'The finance package fails some payments with 5xx errors and lets others hang past the timeout.',
    appEffect: 'none',
    load: BASELINE_LOAD,
    faults: { failShare: 0.2, hangShare: 0.05 },
    reseed: false,
  },
  VeryHighLoad: {
    label: 'System Monitoring',
    summary: 'An order every second, until Reset: the database fills up and the queue query slows down.',
    appEffect: 'none',
    load: { kind: 'steady', intervalSeconds: 1 },
    faults: null,
    reseed: false,
  },
  Reset: {
    label: 'Reset to initial',
    summary: 'Deletes every order; the finance package returns to normal and seeds the starting orders.',
    appEffect: 'delete-all-orders',
    load: BASELINE_LOAD,
    faults: null,
    reseed: true,
  },
} as const satisfies Record<string, ScenarioDefinition>;

export type ScenarioName = keyof typeof scenarios;

export const SCENARIO_NAMES = Object.keys(scenarios) as ScenarioName[]; // keys of a literal: exact

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && Object.hasOwn(scenarios, value);
}

export function scenarioDefinition(name: ScenarioName): ScenarioDefinition {
  return scenarios[name];
}

/** The order the app adds for BrokenOrder: placed in the future, so the supplier must refuse it. */
export const BROKEN_ORDER = {
  product: 'Product from the future',
  customer: 'Me',
  date_placed: '3000-01-01T12:00:00Z',
} as const;
