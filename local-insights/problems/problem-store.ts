// Problems, notification rules, notification events and deployments, in the telemetry file beside
// the classic tables (local-insights' own tables: KQL does not see them). Plain objects in and out.
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { ProblemCounters, ProblemState, Trigger } from './lifecycle';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS problems (
  fingerprint TEXT PRIMARY KEY, problem_id TEXT NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL,
  count INTEGER NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, first_version TEXT,
  state TEXT NOT NULL, resolved_in_version TEXT, reactivations INTEGER NOT NULL, resolutions INTEGER NOT NULL,
  reopenings INTEGER NOT NULL, last_role TEXT, last_severity INTEGER, last_files TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS problem_versions (fingerprint TEXT NOT NULL, version TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (fingerprint, version));
CREATE TABLE IF NOT EXISTS problem_roles (fingerprint TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (fingerprint, role));
CREATE TABLE IF NOT EXISTS notification_rules (name TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notification_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, rule TEXT NOT NULL, event_key TEXT NOT NULL, body TEXT NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 0, UNIQUE (rule, event_key));
CREATE TABLE IF NOT EXISTS deployments (
  id INTEGER PRIMARY KEY AUTOINCREMENT, version TEXT NOT NULL, commit_sha TEXT, environment TEXT, time TEXT NOT NULL);`;

export interface ProblemRow extends ProblemCounters {
  fingerprint: string;
  problemId: string;
  title: string;
  type: string;
  firstSeen: string;
  lastSeen: string;
  firstVersion: string | null;
  lastRole: string | null;
  lastSeverity: number | null;
  /** The files of the latest occurrence's stack, for the `file` filter. */
  lastFiles: string[];
}

export interface Deployment {
  id: number;
  version: string;
  commit: string | null;
  environment: string | null;
  time: string;
}

/** What a notification is about, as recorded; the webhook payload is made from it (notify.ts). */
export interface NotificationEvent {
  id: number;
  rule: string;
  trigger: Trigger;
  key: string;
  /** The problem as it stood when the event happened (the deploy trigger has none). */
  problem: ProblemSnapshot | null;
  occurrence: OccurrenceSnapshot | null;
  deployment: Deployment | null;
  actionGroups: string[];
  recordedAt: string;
  delivered: boolean;
}
export type NewNotificationEvent = Omit<NotificationEvent, 'id' | 'delivered'>;

export interface ProblemSnapshot {
  fingerprint: string; problemId: string; title: string; count: number; firstSeen: string; lastSeen: string; state: ProblemState; versions: string[];
}
export interface OccurrenceSnapshot { timestamp: string; version: string | null; cloudRoleName: string | null; outerMessage: string }

const Stored = z.object({
  fingerprint: z.string(), problem_id: z.string(), title: z.string(), type: z.string(), count: z.number(), first_seen: z.string(),
  last_seen: z.string(), first_version: z.string().nullable(), state: z.enum(['active', 'resolved', 'muted']), resolved_in_version: z.string().nullable(),
  reactivations: z.number(), resolutions: z.number(), reopenings: z.number(), last_role: z.string().nullable(), last_severity: z.number().nullable(),
  last_files: z.string(),
});
const StoredEvent = z.object({ id: z.number(), body: z.string(), delivered: z.number() });
const StoredDeployment = z.object({ id: z.number(), version: z.string(), commit_sha: z.string().nullable(), environment: z.string().nullable(), time: z.string() });

const toDeployment = (d: z.infer<typeof StoredDeployment>): Deployment =>
  ({ id: d.id, version: d.version, commit: d.commit_sha, environment: d.environment, time: d.time });

export class ProblemStore {
  constructor(private readonly db: DatabaseSync) {
    db.exec(SCHEMA);
  }

  /** Runs `work` in one transaction: an occurrence, its problem and its notifications land together or not at all. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  get(fingerprint: string): ProblemRow | undefined {
    const row = this.db.prepare('SELECT * FROM problems WHERE fingerprint = ?').get(fingerprint);
    return row ? toProblem(Stored.parse(row)) : undefined;
  }

  /** Newest activity first. */
  list(): ProblemRow[] {
    return this.db.prepare('SELECT * FROM problems ORDER BY last_seen DESC, fingerprint').all().map((row) => toProblem(Stored.parse(row)));
  }

  save(p: ProblemRow): void {
    this.db.prepare(`INSERT INTO problems VALUES (@fingerprint, @problemId, @title, @type, @count, @firstSeen, @lastSeen, @firstVersion, @state,
        @resolvedInVersion, @reactivations, @resolutions, @reopenings, @lastRole, @lastSeverity, @lastFiles)
      ON CONFLICT (fingerprint) DO UPDATE SET count = excluded.count, last_seen = excluded.last_seen, state = excluded.state,
        resolved_in_version = excluded.resolved_in_version, reactivations = excluded.reactivations, resolutions = excluded.resolutions,
        reopenings = excluded.reopenings, last_role = excluded.last_role, last_severity = excluded.last_severity, last_files = excluded.last_files`)
      .run({ ...p, lastFiles: JSON.stringify(p.lastFiles) });
  }

  countVersionAndRole(fingerprint: string, version: string | null, role: string | null, itemCount: number): void {
    if (version !== null) {
      this.db.prepare(`INSERT INTO problem_versions VALUES (?, ?, ?) ON CONFLICT (fingerprint, version) DO UPDATE SET count = count + excluded.count`)
        .run(fingerprint, version, itemCount);
    }
    if (role !== null) this.db.prepare('INSERT OR IGNORE INTO problem_roles VALUES (?, ?)').run(fingerprint, role);
  }

  /** Occurrences per version, in the order the versions first appeared. */
  versions(fingerprint: string): Array<{ version: string; count: number }> {
    return this.db.prepare('SELECT version, count FROM problem_versions WHERE fingerprint = ? ORDER BY rowid').all(fingerprint)
      .map((row) => z.object({ version: z.string(), count: z.number() }).parse(row));
  }

  roles(fingerprint: string): string[] {
    return this.db.prepare('SELECT role FROM problem_roles WHERE fingerprint = ? ORDER BY role').all(fingerprint).map((row) => z.object({ role: z.string() }).parse(row).role);
  }

  putRule(name: string, body: unknown): void {
    this.db.prepare('INSERT INTO notification_rules VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body').run(name, JSON.stringify(body));
  }

  rule(name: string): unknown {
    const row = this.db.prepare('SELECT body FROM notification_rules WHERE name = ?').get(name);
    return row ? JSON.parse(z.object({ body: z.string() }).parse(row).body) : undefined;
  }

  rules(): Array<{ name: string; body: unknown }> {
    return this.db.prepare('SELECT name, body FROM notification_rules ORDER BY name').all()
      .map((row) => z.object({ name: z.string(), body: z.string() }).parse(row)).map(({ name, body }) => ({ name, body: JSON.parse(body) }));
  }

  deleteRule(name: string): boolean {
    return Number(this.db.prepare('DELETE FROM notification_rules WHERE name = ?').run(name).changes) > 0;
  }

  /** Records the event unless this rule already recorded this key: the database makes "exactly once" true. */
  recordEvent(event: NewNotificationEvent): boolean {
    const { changes } = this.db.prepare('INSERT OR IGNORE INTO notification_events (rule, event_key, body) VALUES (?, ?, ?)')
      .run(event.rule, `${event.problem?.fingerprint ?? 'deploy'}:${event.key}`, JSON.stringify(event));
    return Number(changes) > 0;
  }

  /** Oldest first. */
  events(filter: { undelivered?: boolean } = {}): NotificationEvent[] {
    const where = filter.undelivered ? ' WHERE delivered = 0' : '';
    return this.db.prepare(`SELECT id, body, delivered FROM notification_events${where} ORDER BY id`).all().map((row) => {
      const stored = StoredEvent.parse(row);
      const body = z.custom<NewNotificationEvent>((value) => typeof value === 'object' && value !== null).parse(JSON.parse(stored.body));
      return { ...body, id: stored.id, delivered: stored.delivered === 1 };
    });
  }

  markDelivered(id: number): void {
    this.db.prepare('UPDATE notification_events SET delivered = 1 WHERE id = ?').run(id);
  }

  addDeployment(d: Omit<Deployment, 'id'>): Deployment {
    const { lastInsertRowid } = this.db.prepare('INSERT INTO deployments (version, commit_sha, environment, time) VALUES (?, ?, ?, ?)')
      .run(d.version, d.commit, d.environment, d.time);
    return { ...d, id: Number(lastInsertRowid) };
  }

  /** The latest occurrence's row in the exceptions table: its stack (details), customDimensions, version. */
  latestException(fingerprint: string): { timestamp: string; version: string | null; details: string | null; customDimensions: string | null } | undefined {
    const row = this.db.prepare(`SELECT timestamp, application_Version AS version, details, customDimensions FROM exceptions
      WHERE fingerprint = ? ORDER BY timestamp DESC, rowid DESC LIMIT 1`).get(fingerprint);
    return row ? z.object({ timestamp: z.string(), version: z.string().nullable(), details: z.string().nullable(), customDimensions: z.string().nullable() }).parse(row) : undefined;
  }

  /** Occurrences per hour (ISO hour, count), oldest first, for the occurrence chart. */
  hourly(fingerprint: string): Array<{ hour: string; count: number }> {
    return this.db.prepare(`SELECT substr(timestamp, 1, 13) || ':00:00Z' AS hour, SUM(itemCount) AS count FROM exceptions
      WHERE fingerprint = ? GROUP BY hour ORDER BY hour`).all(fingerprint).map((row) => z.object({ hour: z.string(), count: z.number() }).parse(row));
  }

  /** Newest first. */
  deployments(): Deployment[] {
    return this.db.prepare('SELECT * FROM deployments ORDER BY time DESC, id DESC').all().map((row) => toDeployment(StoredDeployment.parse(row)));
  }
}

function toProblem(s: z.infer<typeof Stored>): ProblemRow {
  return {
    fingerprint: s.fingerprint, problemId: s.problem_id, title: s.title, type: s.type, count: s.count, firstSeen: s.first_seen, lastSeen: s.last_seen,
    firstVersion: s.first_version, state: s.state, resolvedInVersion: s.resolved_in_version, reactivations: s.reactivations,
    resolutions: s.resolutions, reopenings: s.reopenings, lastRole: s.last_role, lastSeverity: s.last_severity,
    lastFiles: z.array(z.string()).parse(JSON.parse(s.last_files)),
  };
}
