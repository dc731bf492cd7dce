// The use cases of problems, each a short story: an exception arrives (find its problem, count it,
// decide what it sets off, record a notification for each rule it matches); a person resolves,
// reopens or mutes a problem; a pipeline records a deployment.
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import type { Row } from '../envelope';
import { parseStack, titleOf } from './fingerprint';
import { afterOccurrence, mute, reopen, resolve, type Change, type Fired } from './lifecycle';
import { passesFilters, type NotificationRule } from './notification-rules';
import { NotificationRule as RuleSchema } from './notification-rules';
import type { Deployment, OccurrenceSnapshot, ProblemRow, ProblemSnapshot, ProblemStore } from './problem-store';

// The exceptions row as envelope.ts writes it; only what problems need.
const ExceptionRow = z.object({
  fingerprint: z.string(), problemId: z.string(), type: z.string(), outerMessage: z.string(), timestamp: z.string(),
  application_Version: z.string().nullable(), cloud_RoleName: z.string().nullable(), severityLevel: z.number().nullable(),
  itemCount: z.number(), details: z.string().nullable(),
});
const Details = z.array(z.object({ stack: z.string().optional() }));

export type StateChange = 'resolve' | 'reopen' | 'mute';

export function createProblemTracker(deps: { store: ProblemStore; clock: Clock }) {
  const { store, clock } = deps;

  function snapshot(p: ProblemRow): ProblemSnapshot {
    return { fingerprint: p.fingerprint, problemId: p.problemId, title: p.title, count: p.count, firstSeen: p.firstSeen, lastSeen: p.lastSeen,
      state: p.state, versions: store.versions(p.fingerprint).map((v) => v.version) };
  }

  /** One notification event per rule that listens for the trigger and whose filters the problem passes. */
  function notify(fired: Fired[], problem: ProblemRow, occurrence: OccurrenceSnapshot | null): void {
    if (fired.length === 0) return;
    const rules = store.rules().map(({ name, body }) => ({ name, rule: RuleSchema.parse(body) }));
    for (const { trigger, key } of fired) {
      for (const { name, rule } of rules) {
        if (rule.trigger !== trigger || !passesFilters(rule, problem)) continue;
        store.recordEvent({ rule: name, trigger, key, problem: snapshot(problem), occurrence, deployment: null,
          actionGroups: rule.actionGroups, recordedAt: clock().toISOString() });
      }
    }
  }

  function recordOne(raw: Row): void {
    const row = ExceptionRow.parse(raw);
    const before = store.get(row.fingerprint);
    const { next, fired } = afterOccurrence(before, { version: row.application_Version, itemCount: row.itemCount });
    const stack = Details.parse(JSON.parse(row.details ?? '[]'))[0]?.stack ?? '';
    const problem: ProblemRow = {
      ...next,
      fingerprint: row.fingerprint,
      problemId: before?.problemId ?? row.problemId,
      title: before?.title ?? titleOf(row.type, row.outerMessage),
      type: row.type,
      firstSeen: before?.firstSeen ?? row.timestamp,
      // Batches may arrive out of order: last seen never goes back in time.
      lastSeen: before && before.lastSeen > row.timestamp ? before.lastSeen : row.timestamp,
      firstVersion: before ? before.firstVersion : row.application_Version,
      lastRole: row.cloud_RoleName,
      lastSeverity: row.severityLevel,
      lastFiles: parseStack(stack).map((frame) => frame.file).filter((file) => file !== ''),
    };
    store.save(problem);
    store.countVersionAndRole(row.fingerprint, row.application_Version, row.cloud_RoleName, row.itemCount);
    notify(fired, problem, { timestamp: row.timestamp, version: row.application_Version, cloudRoleName: row.cloud_RoleName, outerMessage: row.outerMessage });
  }

  return {
    /** Called with each stored batch's exceptions rows (the others are ignored), oldest first. */
    recordExceptions(rows: Row[]): void {
      const ordered = [...rows].sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
      if (ordered.length > 0) store.transaction(() => ordered.forEach(recordOne));
    },

    /** Resolve (optionally in a version), reopen or mute; undefined when there is no such problem. */
    change(fingerprint: string, change: StateChange, inVersion: string | null = null): ProblemRow | undefined {
      return store.transaction(() => {
        const problem = store.get(fingerprint);
        if (!problem) return undefined;
        const outcome: Change = change === 'resolve' ? resolve(problem, inVersion) : change === 'reopen' ? reopen(problem) : mute(problem);
        const changed: ProblemRow = { ...problem, ...outcome.next };
        store.save(changed);
        notify(outcome.fired, changed, null);
        return changed;
      });
    },

    /** Records a deployment and tells the rules listening for deploys, once each. */
    recordDeployment(deployment: Omit<Deployment, 'id'>): Deployment {
      return store.transaction(() => {
        const saved = store.addDeployment(deployment);
        for (const { name, body } of store.rules()) {
          const rule: NotificationRule = RuleSchema.parse(body);
          if (rule.trigger !== 'deploy') continue;
          store.recordEvent({ rule: name, trigger: 'deploy', key: `deploy:${saved.id}`, problem: null, occurrence: null, deployment: saved,
            actionGroups: rule.actionGroups, recordedAt: clock().toISOString() });
        }
        return saved;
      });
    },

    snapshot,
  };
}

export type ProblemTracker = ReturnType<typeof createProblemTracker>;
