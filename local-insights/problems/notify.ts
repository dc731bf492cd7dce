// THE SEAM between notification rules (this folder) and action groups (alerts: webhook and email
// receivers, the outbox). Rules record each notification once, as a NotificationEvent with
// `delivered: false` (problem-store.ts). Delivery is one function: give `deliverPendingNotifications`
// a `sendToActionGroup` that hands a message to one named action group and answers its receivers'
// deliveries; every undelivered event is then sent to each of its action groups and marked delivered.
// Until that function is wired in start-insights.ts, events stay recorded and undelivered, and
// `GET /api/notification-events` shows them.
import type { NotificationEvent, ProblemStore } from './problem-store';

/**
 * What a notification rule's webhook receivers get, in the shape the HTTP interface defines for notifications:
 * `{"trigger", "problem": {fingerprint, problemId, title, count, firstSeen, lastSeen, state, versions}, "occurrence"?: {timestamp, version, cloudRoleName, outerMessage}}`.
 * A deploy has no problem: its payload carries the `deployment` instead.
 */
export function webhookPayload(event: Pick<NotificationEvent, 'trigger' | 'problem' | 'occurrence' | 'deployment'>): Record<string, unknown> {
  if (event.trigger === 'deploy' || !event.problem) {
    return { trigger: event.trigger, deployment: event.deployment };
  }
  const { fingerprint, problemId, title, count, firstSeen, lastSeen, state, versions } = event.problem;
  return {
    trigger: event.trigger,
    problem: { fingerprint, problemId, title, count, firstSeen, lastSeen, state, versions },
    ...(event.occurrence ? { occurrence: { ...event.occurrence } } : {}),
  };
}

const HEADLINE: Record<NotificationEvent['trigger'], string> = {
  new: 'New problem', reactivated: 'Problem reactivated', occurrences10n: 'Problem reached', resolved: 'Problem resolved',
  reopened: 'Problem reopened', deploy: 'Deployment',
};

/** What an email receiver gets: a subject naming the trigger and the problem, and a plain-text body. */
export function emailMessage(event: NotificationEvent): { subject: string; body: string } {
  if (!event.problem) {
    const d = event.deployment;
    return { subject: `[${event.rule}] Deployment of ${d?.version ?? '?'}`, body: `Deployed ${d?.version ?? '?'}${d?.commit ? ` (${d.commit})` : ''}${d?.environment ? ` to ${d.environment}` : ''} at ${d?.time ?? '?'}.` };
  }
  const p = event.problem;
  const headline = event.trigger === 'occurrences10n' ? `${HEADLINE.occurrences10n} ${p.count} occurrences` : HEADLINE[event.trigger];
  return {
    subject: `[${event.rule}] ${headline}: ${p.title}`,
    body: [`${headline}: ${p.title}`, `problemId: ${p.problemId}`, `occurrences: ${p.count}, first seen ${p.firstSeen}, last seen ${p.lastSeen}`,
      `state: ${p.state}; versions: ${p.versions.join(', ') || 'unknown'}`,
      ...(event.occurrence ? [`this occurrence: ${event.occurrence.timestamp} in ${event.occurrence.cloudRoleName ?? '?'} ${event.occurrence.version ?? ''}: ${event.occurrence.outerMessage}`] : [])].join('\n'),
  };
}

/** One receiver's outcome ('actionGroup' when the group itself is missing or disabled). */
export interface Delivery { receiver: string; kind: 'webhook' | 'email' | 'actionGroup'; status: 'sent' | 'failed'; error?: string }

/** One notification as the receivers get it; `id` names it in the outbox, as an alert's id does. */
export interface NotificationMessage { id: string; webhook: Record<string, unknown>; email: { subject: string; body: string } }

/** The action-group side: send one message to the named group's receivers (webhooks get `webhook`, mail gets `email`). */
export type SendToActionGroup = (actionGroup: string, message: NotificationMessage) => Promise<Delivery[]>;

/**
 * Sends every undelivered event to each of its action groups, then marks it delivered (whatever
 * the receivers answered: their outcomes are the action group's to report and retry, as for alerts).
 * Answers the deliveries per event id. Two runs at once would both send what neither has marked
 * yet: call it from one loop, or through `serialDelivery` below.
 */
export async function deliverPendingNotifications(store: ProblemStore, sendToActionGroup: SendToActionGroup): Promise<Map<number, Delivery[]>> {
  const done = new Map<number, Delivery[]>();
  for (const event of store.events({ undelivered: true })) {
    const message = { id: `notification-${event.id}`, webhook: webhookPayload(event), email: emailMessage(event) };
    const deliveries: Delivery[] = [];
    for (const group of event.actionGroups) deliveries.push(...await sendToActionGroup(group, message));
    store.markDelivered(event.id);
    done.set(event.id, deliveries);
  }
  return done;
}

/**
 * `deliverPendingNotifications` that may be called from anywhere (after each ingested batch, after
 * a state change, on a timer): each call runs after the one before has finished, so no event is sent twice.
 */
export function serialDelivery(store: ProblemStore, sendToActionGroup: SendToActionGroup): () => Promise<Map<number, Delivery[]>> {
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const run = last.catch(() => undefined).then(() => deliverPendingNotifications(store, sendToActionGroup));
    last = run;
    return run;
  };
}
