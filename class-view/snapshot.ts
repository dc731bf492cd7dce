// One learner's environment as the class view shows it, read only from the learner's public app
// URL: its version, queue, failed orders, scenario, and the furthest part the orders show.
import axios from 'axios';
import { appOrders, describeFailure, isUnavailable } from '../progress/facts';
import { checkPartsFromApp, furthestDone } from '../progress/parts';
import type { Learner } from './learners-file';

/** A learner whose app does not answer within this is "not answering"; the rest still show. */
export const ANSWER_TIMEOUT_MS = 5_000;

export type Snapshot = Learner & ({
  answering: true;
  version: string | null;
  queue: number;
  failed: number;
  scenario: string | null;
  /** The furthest part done that the app's own API shows (4, 7 or 8), or null. */
  furthestPart: number | null;
} | { answering: false; why: string });

interface Summary { queued: number; processing: number; failed: number }
interface About { version?: string; scenario?: string | null }

export async function snapshotOf(learner: Learner, timeoutMs = ANSWER_TIMEOUT_MS): Promise<Snapshot> {
  const get = async <T>(route: string, params?: Record<string, unknown>) =>
    (await axios.get<T>(new URL(route, learner.app).href, { timeout: timeoutMs, params })).data;
  try {
    const [summary, orders, about] = await Promise.all([
      get<Summary>('/api/summary'),
      appOrders(learner.app, timeoutMs),
      // Copies made before /api/about existed still show their queue.
      get<About>('/api/about').catch((): About => ({})),
    ]);
    if (isUnavailable(orders)) return { ...learner, answering: false, why: orders.unavailable };
    return {
      ...learner,
      answering: true,
      version: about.version ?? null,
      queue: summary.queued + summary.processing,
      failed: summary.failed,
      scenario: about.scenario ?? null,
      furthestPart: furthestDone(checkPartsFromApp(orders)) ?? null,
    };
  } catch (error) {
    return { ...learner, answering: false, why: describeFailure(error) };
  }
}

/** Remembers when each learner last moved (a new furthest part or a new version), across refreshes. */
export class Movement {
  private readonly last = new Map<string, { key: string; since: number }>();

  /** Minutes since this learner last moved, as of `now`. */
  observe(snapshot: Snapshot, now: number): number {
    const key = snapshot.answering ? `${snapshot.furthestPart}|${snapshot.version}` : 'not answering';
    const seen = this.last.get(snapshot.learner);
    if (seen === undefined || seen.key !== key) {
      this.last.set(snapshot.learner, { key, since: now });
      return 0;
    }
    return (now - seen.since) / 60_000;
  }
}

/** A learner who has not moved for this long is marked in the watch and on the page. */
export const STUCK_AFTER_MINUTES = 15;

export interface ClassRow { snapshot: Snapshot; minutesStill: number; stuck: boolean }

export async function classRows(learners: Learner[], movement: Movement, now: () => number, timeoutMs = ANSWER_TIMEOUT_MS): Promise<ClassRow[]> {
  const snapshots = await Promise.all(learners.map((learner) => snapshotOf(learner, timeoutMs)));
  const at = now();
  return snapshots.map((snapshot) => {
    const minutesStill = movement.observe(snapshot, at);
    return { snapshot, minutesStill, stuck: minutesStill >= STUCK_AFTER_MINUTES };
  });
}
