// What a finished part looks like from outside, part by part of WORKSHOP.md. Each check reads only
// the facts gathered from the running system (facts.ts) and says done, not done (with the one thing
// missing, in the learner's words, never the answer), or not checked yet (with why).
// The maintainers' walk of a learner's day runs these same checks at every stage, so the walk proves them.
import { isUnavailable, type Facts, type OrderView, type RuleFacts, type TelemetryFacts } from './facts';

export type PartStatus = 'done' | 'not done' | 'not checked';
export interface PartResult {
  part: number;
  status: PartStatus;
  /** What is missing (not done) or why nothing could be checked (not checked). */
  missing?: string;
}

const done = (part: number): PartResult => ({ part, status: 'done' });
const notDone = (part: number, missing: string): PartResult => ({ part, status: 'not done', missing });
const notChecked = (part: number, why: string): PartResult => ({ part, status: 'not checked', missing: why });

/** The finance package's answers the app keeps in `last_error` / `failure_reason`. */
const REFUSAL = /answered 4\d\d\b/;
const TEMPORARY = /answered (5\d\d|408|429)\b|answered nothing|no answer|timeout|timed out|refused the connection|closed the connection|ECONN/i;
const isRefusal = (text: string | null) => text !== null && REFUSAL.test(text) && !/answered (408|429)\b/.test(text);
const isTemporary = (text: string | null) => text !== null && TEMPORARY.test(text);

/** Placed from the supplier's office: the offset is kept as the order was placed. */
const placedInPlusTen = (order: OrderView) => order.date_placed.endsWith('+10:00');

function part4(orders: OrderView[]): PartResult {
  const supplierOrders = orders.filter(placedInPlusTen);
  if (supplierOrders.length === 0) return notChecked(4, 'no order placed in +10:00 yet: choose Reset to initial on the dashboard');
  if (supplierOrders.some((order) => order.status === 'Complete')) return done(4);
  return notDone(4, 'no order placed from the supplier\'s +10:00 office has been paid (part 4)');
}

function part7(orders: OrderView[]): PartResult {
  if (orders.some((order) => ['Queued', 'Processing'].includes(order.status) && isRefusal(order.last_error))) {
    return notDone(7, 'an order the finance package refuses goes back in the queue and is tried again and again (part 7)');
  }
  if (orders.some((order) => order.status === 'Failed' && isRefusal(order.failure_reason))) return done(7);
  return notChecked(7, 'no order has been refused yet: choose Add broken order');
}

/**
 * Retried and paid (Complete after more than one attempt), against failed for good after one
 * temporary failure. Only orders placed after part 7's refused order count, so orders the starting
 * code retried before part 7 prove nothing; and the newer evidence wins, since orders failed before
 * the fix stay Failed in the database. Read from the app alone, so the class view shows it too.
 */
function part8(orders: OrderView[], afterPart7: PartResult): PartResult {
  if (afterPart7.status !== 'done') return notChecked(8, 'part 8 builds on part 7: come back when part 7 is done');
  const part7Evidence = Math.max(0, ...orders.filter((order) => order.status === 'Failed' && isRefusal(order.failure_reason)).map((order) => order.id));
  const since = orders.filter((order) => order.id > part7Evidence);
  const retriedAndPaid = since.filter((order) => order.status === 'Complete' && order.attempts > 1).map((order) => order.id);
  const gaveUpAtOnce = since.filter((order) => order.status === 'Failed' && order.attempts === 1 && isTemporary(order.failure_reason)).map((order) => order.id);
  const newest = (ids: number[]) => Math.max(0, ...ids);
  if (retriedAndPaid.length === 0 && gaveUpAtOnce.length === 0) return notChecked(8, 'no payment has failed for a temporary reason since part 7: choose Queue Reliability');
  if (newest(retriedAndPaid) > newest(gaveUpAtOnce)) return done(8);
  return notDone(8, 'an order failed for good after one temporary failure (a 5xx or a timeout) (part 8)');
}

const watches = (rules: RuleFacts, pattern: RegExp) => rules.alertRules.some((rule) => pattern.test(rule.condition));

function part2(telemetry: TelemetryFacts): PartResult {
  if (telemetry.appRequests === 0) return notChecked(2, 'the app sends no telemetry until part 5: check the log stream for the payment lines yourself');
  if (telemetry.paymentAttemptLines > 0 && telemetry.paymentAnswerLines > 0) return done(2);
  return notDone(2, 'no line with the order id and the payload before the call, or with the status code after it, reaches traces (part 2, and the log level)');
}

function part5(telemetry: TelemetryFacts): PartResult {
  return telemetry.appRequests > 0 ? done(5) : notDone(5, 'nothing from order-processing-app has reached Application Insights (part 5)');
}

/** Part 8 deletes part 6's rule on exceptions and puts two others in its place, so once part 8 is done any alert rule will do. */
function part6(telemetry: TelemetryFacts, rules: Facts['rules'], afterPart8: PartResult): PartResult {
  if (telemetry.failuresWithOrderId === 0) {
    if (telemetry.failuresWithoutOrderId > 0) return notDone(6, 'PaymentFailed exceptions do not carry the order id and the attempt (part 6)');
    if (telemetry.appRequests === 0) return notChecked(6, 'part 6 needs part 5\'s telemetry first');
    return notChecked(6, 'no payment has failed since the app\'s telemetry started: choose Add broken order');
  }
  if (isUnavailable(rules)) return notChecked(6, `the exceptions are right, but ${rules.unavailable}`);
  if (afterPart8.status === 'done' && rules.alertRules.length > 0) return done(6);
  if (!watches(rules, /\bexceptions\b|\bAppExceptions\b/)) return notDone(6, 'no alert rule looks at exceptions yet (part 6, step 2)');
  return done(6);
}

function part6Half(rules: Facts['rules']): PartResult {
  if (isUnavailable(rules)) return notChecked(6.5, `optional; ${rules.unavailable}`);
  if (isUnavailable(rules.notificationRules)) return notChecked(6.5, `optional; ${rules.notificationRules.unavailable}`);
  return rules.notificationRules > 0 ? done(6.5) : notChecked(6.5, 'optional: no notification rule yet');
}

function part9(rules: Facts['rules']): PartResult {
  if (isUnavailable(rules)) return notChecked(9, rules.unavailable);
  return watches(rules, /queue_length/) ? done(9) : notDone(9, 'no alert rule watches the length of the queue yet (part 9)');
}

/** Every part, in WORKSHOP.md's order. */
export function checkParts(facts: Facts): PartResult[] {
  const { orders, telemetry, rules } = facts;
  const withOrders = (part: number, check: (orders: OrderView[]) => PartResult) =>
    isUnavailable(orders) ? notChecked(part, orders.unavailable) : check(orders);
  const withTelemetry = (part: number, check: (telemetry: TelemetryFacts) => PartResult) =>
    isUnavailable(telemetry) ? notChecked(part, telemetry.unavailable) : check(telemetry);
  const seven = withOrders(7, part7);
  const eight = withOrders(8, (known) => part8(known, seven));
  return [
    notChecked(1, 'part 1 is reading the log stream: nothing to check from outside'),
    withTelemetry(2, part2),
    notChecked(3, 'deploying shows in the parts after it'),
    withOrders(4, part4),
    withTelemetry(5, part5),
    withTelemetry(6, (known) => part6(known, rules, eight)),
    part6Half(rules),
    seven,
    eight,
    part9(rules),
    notChecked(10, 'part 10 shows under System Monitoring, in how fast the queue drains: watch Processed in last 10 minutes'),
  ];
}

/** The parts the app's own API can show (the class view reads nothing else): 4, 7 and 8. */
export function checkPartsFromApp(orders: Facts['orders']): PartResult[] {
  if (isUnavailable(orders)) return [4, 7, 8].map((part) => notChecked(part, orders.unavailable));
  const seven = part7(orders);
  return [part4(orders), seven, part8(orders, seven)];
}

/** The furthest part done, or undefined when none is. */
export const furthestDone = (results: PartResult[]): number | undefined =>
  results.filter((result) => result.status === 'done').reduce<number | undefined>((furthest, result) => Math.max(furthest ?? 0, result.part), undefined);

/** Part numbers as WORKSHOP.md writes them. */
export const partLabel = (part: number): string => (part === 6.5 ? '6½' : String(part));
