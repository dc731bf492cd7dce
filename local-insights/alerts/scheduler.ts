// Evaluates every enabled rule every evaluationFrequency ÷ ALERT_TIME_SCALE. Each rule has its own
// timer, so a slow rule (or a slow webhook, which never blocks anyway) does not hold up the others;
// a rule whose previous evaluation is still running skips one turn rather than queueing up. A skip is
// never silent: onSkip hears of it at once, and the next evaluation records how many turns it missed
// (usually a long Logs page query held the one KQL worker that rules share).
import { parseIsoDuration } from '../timespan';
import type { AlertStore } from './alert-store';
import type { RuleEvaluator } from './evaluator';
import { AlertRuleProperties } from './rule-schema';

export class AlertScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<string>();
  private readonly skipped = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly deps: {
    store: AlertStore;
    evaluator: Pick<RuleEvaluator, 'evaluate'>;
    timeScale: number;
    clock: () => Date;
    onError: (rule: string, error: unknown) => void;
    onSkip: (rule: string, turnsInARow: number) => void;
  }) {}

  /** (Re)reads every rule: call after any rule changes. */
  refresh(): void {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    if (this.stopped) return;
    for (const { name, properties } of this.deps.store.listDefinitions('rule')) {
      const parsed = AlertRuleProperties.safeParse(properties);
      if (!parsed.success || !parsed.data.enabled) continue;
      const everyMs = (parseIsoDuration(parsed.data.evaluationFrequency) ?? 60_000) / this.deps.timeScale;
      const timer = setInterval(() => this.tick(name), Math.max(everyMs, 10));
      timer.unref();
      this.timers.set(name, timer);
    }
    // A rule deleted or disabled mid-run starts afresh when it comes back.
    for (const name of this.skipped.keys()) if (!this.timers.has(name)) this.skipped.delete(name);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.refresh();
    await Promise.allSettled([...this.inFlight]);
  }

  private tick(name: string): void {
    if (this.running.has(name)) {
      const turns = (this.skipped.get(name) ?? 0) + 1;
      this.skipped.set(name, turns);
      this.deps.onSkip(name, turns);
      return;
    }
    const skippedTurns = this.skipped.get(name) ?? 0;
    this.skipped.delete(name);
    this.running.add(name);
    const work = this.deps.evaluator.evaluate(name, this.deps.clock(), { skippedTurns })
      .catch((error: unknown) => this.deps.onError(name, error))
      .finally(() => {
        this.running.delete(name);
        this.inFlight.delete(work);
      });
    this.inFlight.add(work);
  }
}
