// Where alert rules, action groups, fired alerts and the outbox are kept: tables beside the
// telemetry in local-insights' SQLite file, so they survive a restart. Properties are stored as the
// JSON a learner PUT (Azure's shape), read back through the same schema.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { SeriesState } from './decide';

// What the store keeps as JSON is read back through these schemas, never cast: a file written by
// an older version, or edited by hand, is refused with a reason rather than misread.
const DeliverySchema = z.object({
  receiver: z.string(),
  kind: z.enum(['email', 'webhook', 'actionGroup']),
  /** Which notification this was: the alert firing, or resolving. */
  monitorCondition: z.enum(['Fired', 'Resolved']),
  status: z.enum(['pending', 'delivered', 'failed', 'muted']),
  error: z.string().nullable(),
  attempts: z.number(),
  at: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

const Dimensions = z.array(z.object({ name: z.string(), value: z.string() }));

const AlertContextSchema = z.object({
  /** The measured value that crossed the threshold, and the condition and query result behind it. */
  value: z.number().nullable(),
  violations: z.number(),
  dimensions: Dimensions,
  operator: z.string(),
  threshold: z.number(),
  timeAggregation: z.string(),
  metricMeasureColumn: z.string().nullable(),
  failingPeriods: z.object({ numberOfEvaluationPeriods: z.number(), minFailingPeriodsToAlert: z.number() }),
  query: z.string(),
  windowSize: z.string(),
  windowStartTime: z.string(),
  windowEndTime: z.string(),
  /** At most RESULT_ROWS rows of the query's answer in the newest window. */
  result: z.object({ columns: z.array(z.object({ name: z.string(), type: z.string() })), rows: z.array(z.array(z.unknown())), totalRows: z.number() }),
});
export type AlertContext = z.infer<typeof AlertContextSchema>;

export interface StoredAlert {
  alertId: string;
  rule: string;
  series: string;
  severity: number;
  monitorCondition: 'Fired' | 'Resolved';
  firedDateTime: string;
  resolvedDateTime: string | null;
  context: AlertContext;
  deliveries: Delivery[];
}

export interface OutboxMail { id: number; alertId: string; to: string; subject: string; body: string; sentAt: string; smtp: string | null }

const LastEvaluationSchema = z.object({
  at: z.string(),
  status: z.enum(['ok', 'failing']),
  error: z.string().optional(),
  ms: z.number(),
  series: z.array(z.object({ dimensions: Dimensions, value: z.number().nullable(), violations: z.number(), met: z.boolean() })).optional(),
  fired: z.array(z.string()).optional(),
  resolved: z.array(z.string()).optional(),
  skippedTurns: z.number().int().positive().optional(),
});
export type LastEvaluation = z.infer<typeof LastEvaluationSchema>;

const SeriesStateSchema = z.object({ openAlertId: z.string().nullable(), healthyStreak: z.number(), lastActionsAt: z.number().nullable() });

const Json = z.string().transform((text): unknown => JSON.parse(text));
const stored = <T extends z.ZodType>(schema: T) => Json.pipe(schema);

export class AlertStore {
  private constructor(private readonly db: DatabaseSync) {}

  static open(file: string): AlertStore {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new DatabaseSync(file, { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`
      CREATE TABLE IF NOT EXISTS alert_action_groups (name TEXT PRIMARY KEY, properties TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS alert_rules (name TEXT PRIMARY KEY, properties TEXT NOT NULL, updated_at TEXT NOT NULL, last_evaluation TEXT);
      CREATE TABLE IF NOT EXISTS alert_series (rule TEXT NOT NULL, series TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (rule, series));
      CREATE TABLE IF NOT EXISTS alerts (alert_id TEXT PRIMARY KEY, rule TEXT NOT NULL, series TEXT NOT NULL, severity INTEGER NOT NULL,
        monitor_condition TEXT NOT NULL, fired_at TEXT NOT NULL, resolved_at TEXT, context TEXT NOT NULL, deliveries TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS ix_alerts_fired ON alerts (fired_at);
      CREATE TABLE IF NOT EXISTS alert_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, to_address TEXT NOT NULL,
        subject TEXT NOT NULL, body TEXT NOT NULL, sent_at TEXT NOT NULL, smtp TEXT);
    `);
    return new AlertStore(db);
  }

  close(): void {
    this.db.close();
  }

  // Action groups and rules: the properties as stored JSON.
  putDefinition(kind: 'group' | 'rule', name: string, properties: unknown, at: Date): 'created' | 'updated' {
    const table = kind === 'group' ? 'alert_action_groups' : 'alert_rules';
    const existed = this.db.prepare(`SELECT 1 AS x FROM ${table} WHERE name = ?`).get(name) !== undefined;
    this.db.prepare(`INSERT INTO ${table} (name, properties, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET properties = excluded.properties, updated_at = excluded.updated_at`).run(name, JSON.stringify(properties), at.toISOString());
    // A changed rule keeps its series' state: an alert it fired stays open until the (new) condition
    // no longer holds, and is then resolved, rather than being left Fired for ever.
    return existed ? 'updated' : 'created';
  }

  getDefinition(kind: 'group' | 'rule', name: string): unknown {
    const table = kind === 'group' ? 'alert_action_groups' : 'alert_rules';
    const row = this.db.prepare(`SELECT properties FROM ${table} WHERE name = ?`).get(name);
    return row === undefined ? undefined : Json.parse(row.properties);
  }

  listDefinitions(kind: 'group' | 'rule'): Array<{ name: string; properties: unknown; lastEvaluation: LastEvaluation | null }> {
    const table = kind === 'group' ? 'alert_action_groups' : 'alert_rules';
    const extra = kind === 'rule' ? ', last_evaluation' : ', NULL AS last_evaluation';
    return this.db.prepare(`SELECT name, properties${extra} FROM ${table} ORDER BY name`).all().map((row) => ({
      name: String(row.name),
      properties: Json.parse(row.properties),
      lastEvaluation: row.last_evaluation === null ? null : stored(LastEvaluationSchema).parse(row.last_evaluation),
    }));
  }

  deleteDefinition(kind: 'group' | 'rule', name: string): boolean {
    const table = kind === 'group' ? 'alert_action_groups' : 'alert_rules';
    const removed = this.db.prepare(`DELETE FROM ${table} WHERE name = ?`).run(name).changes > 0;
    if (kind === 'rule') this.db.prepare('DELETE FROM alert_series WHERE rule = ?').run(name);
    return removed;
  }

  lastEvaluation(rule: string): LastEvaluation | null {
    const row = this.db.prepare('SELECT last_evaluation FROM alert_rules WHERE name = ?').get(rule);
    return row === undefined || row.last_evaluation === null ? null : stored(LastEvaluationSchema).parse(row.last_evaluation);
  }

  setLastEvaluation(rule: string, evaluation: LastEvaluation): void {
    this.db.prepare('UPDATE alert_rules SET last_evaluation = ? WHERE name = ?').run(JSON.stringify(evaluation), rule);
  }

  seriesStates(rule: string): Map<string, SeriesState> {
    const rows = this.db.prepare('SELECT series, state FROM alert_series WHERE rule = ?').all(rule);
    return new Map(rows.map((row): [string, SeriesState] => [String(row.series), stored(SeriesStateSchema).parse(row.state)]));
  }

  /** Saves the series' states and the alerts an evaluation fired or resolved, in one transaction. */
  saveEvaluation(rule: string, states: Map<string, SeriesState>, fired: StoredAlert[], resolved: Array<{ alertId: string; at: string }>): void {
    this.db.exec('BEGIN');
    try {
      const putState = this.db.prepare('INSERT INTO alert_series (rule, series, state) VALUES (?, ?, ?) ON CONFLICT (rule, series) DO UPDATE SET state = excluded.state');
      for (const [series, state] of states) putState.run(rule, series, JSON.stringify(state));
      const insert = this.db.prepare(`INSERT INTO alerts (alert_id, rule, series, severity, monitor_condition, fired_at, resolved_at, context, deliveries)
        VALUES (?, ?, ?, ?, 'Fired', ?, NULL, ?, '[]')`);
      for (const a of fired) insert.run(a.alertId, a.rule, a.series, a.severity, a.firedDateTime, JSON.stringify(a.context));
      const resolve = this.db.prepare("UPDATE alerts SET monitor_condition = 'Resolved', resolved_at = ? WHERE alert_id = ?");
      for (const r of resolved) resolve.run(r.at, r.alertId);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Adds or replaces (same receiver, kind and monitorCondition) one delivery's outcome on an alert. */
  recordDelivery(alertId: string, delivery: Delivery): void {
    const row = this.db.prepare('SELECT deliveries FROM alerts WHERE alert_id = ?').get(alertId);
    if (row === undefined) return;
    const deliveries = stored(z.array(DeliverySchema)).parse(row.deliveries).filter((d) =>
      !(d.receiver === delivery.receiver && d.kind === delivery.kind && d.monitorCondition === delivery.monitorCondition));
    deliveries.push(delivery);
    this.db.prepare('UPDATE alerts SET deliveries = ? WHERE alert_id = ?').run(JSON.stringify(deliveries), alertId);
  }

  alerts(options: { limit: number; rule?: string }): StoredAlert[] {
    const where = options.rule === undefined ? '' : 'WHERE rule = @rule';
    const params: Record<string, string | number> = options.rule === undefined ? { limit: options.limit } : { limit: options.limit, rule: options.rule };
    return this.db.prepare(`SELECT * FROM alerts ${where} ORDER BY fired_at DESC, rowid DESC LIMIT @limit`).all(params).map(toAlert);
  }

  alert(alertId: string): StoredAlert | undefined {
    const row = this.db.prepare('SELECT * FROM alerts WHERE alert_id = ?').get(alertId);
    return row === undefined ? undefined : toAlert(row);
  }

  addMail(mail: Omit<OutboxMail, 'id' | 'smtp'>): number {
    const result = this.db.prepare('INSERT INTO alert_outbox (alert_id, to_address, subject, body, sent_at) VALUES (?, ?, ?, ?, ?)')
      .run(mail.alertId, mail.to, mail.subject, mail.body, mail.sentAt);
    return Number(result.lastInsertRowid);
  }

  setMailSmtp(id: number, outcome: string): void {
    this.db.prepare('UPDATE alert_outbox SET smtp = ? WHERE id = ?').run(outcome, id);
  }

  outbox(limit: number): OutboxMail[] {
    return this.db.prepare('SELECT * FROM alert_outbox ORDER BY id DESC LIMIT ?').all(limit).map((row) => ({
      id: Number(row.id), alertId: String(row.alert_id), to: String(row.to_address), subject: String(row.subject),
      body: String(row.body), sentAt: String(row.sent_at), smtp: row.smtp === null ? null : String(row.smtp),
    }));
  }
}

function toAlert(row: Record<string, unknown>): StoredAlert {
  return {
    alertId: String(row.alert_id), rule: String(row.rule), series: String(row.series), severity: Number(row.severity),
    monitorCondition: row.monitor_condition === 'Resolved' ? 'Resolved' : 'Fired',
    firedDateTime: String(row.fired_at), resolvedDateTime: row.resolved_at === null ? null : String(row.resolved_at),
    context: stored(AlertContextSchema).parse(row.context),
    deliveries: stored(z.array(DeliverySchema)).parse(row.deliveries),
  };
}
