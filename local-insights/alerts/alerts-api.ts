// The HTTP interface of alerting: action groups and alert rules as the `properties` of Azure's
// resources, evaluation on demand, fired alerts and the outbox.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AlertStore } from './alert-store';
import { azureRefusal } from './allowed-durations';
import { essentialsOf } from './common-schema';
import { groupName, type RuleEvaluator } from './evaluator';
import { ActionGroupProperties, AlertRuleProperties, describeIssues, ResourceName } from './rule-schema';
import { loopbackProblem } from './webhook';

const EvaluateRequest = z.object({ at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-01-01T12:00:00Z' }).optional() }).strict();

export function alertsApi(deps: { store: AlertStore; evaluator: RuleEvaluator; onRulesChanged: () => void; clock: () => Date }): Router {
  const router = express.Router();
  const { store } = deps;

  /** The body, read from the raw bytes the ingestion parser left (see server.ts). */
  const jsonBody = (req: express.Request, res: express.Response): { ok: true; value: unknown } | { ok: false } => {
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    try {
      return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) };
    } catch {
      res.status(400).json({ error: 'the body is not JSON' });
      return { ok: false };
    }
  };
  const nameOf = (req: express.Request, res: express.Response): string | null => {
    const parsed = ResourceName.safeParse(req.params.name);
    if (parsed.success) return parsed.data;
    res.status(400).json({ error: `name: ${parsed.error.issues[0]?.message ?? 'is not allowed'}` });
    return null;
  };
  /** Azure's PUT takes either the whole resource ({properties: …}) or, here, the properties alone. */
  const propertiesOf = (body: unknown): unknown => {
    const wrapped = z.object({ properties: z.unknown() }).safeParse(body);
    return wrapped.success && wrapped.data.properties !== undefined ? wrapped.data.properties : body;
  };

  router.put('/api/action-groups/:name', (req, res) => {
    const name = nameOf(req, res);
    const body = jsonBody(req, res);
    if (name === null || !body.ok) return;
    const parsed = ActionGroupProperties.safeParse(propertiesOf(body.value));
    if (!parsed.success) return void res.status(400).json({ error: describeIssues(parsed.error) });
    for (const [i, receiver] of parsed.data.webhookReceivers.entries()) {
      const problem = loopbackProblem(receiver.serviceUri);
      if (problem) return void res.status(400).json({ error: `webhookReceivers[${i}].serviceUri: ${problem}` });
      if (!receiver.useCommonAlertSchema) return void res.status(400).json({ error: `webhookReceivers[${i}].useCommonAlertSchema: local-insights sends only the common alert schema; set it to true` });
    }
    const outcome = store.putDefinition('group', name, parsed.data, deps.clock());
    res.status(outcome === 'created' ? 201 : 200).json({ name, type: 'Microsoft.Insights/actionGroups', properties: parsed.data });
  });

  router.put('/api/alert-rules/:name', (req, res) => {
    const name = nameOf(req, res);
    const body = jsonBody(req, res);
    if (name === null || !body.ok) return;
    const parsed = AlertRuleProperties.safeParse(propertiesOf(body.value));
    if (!parsed.success) return void res.status(400).json({ error: describeIssues(parsed.error) });
    // A window or frequency Azure would refuse gets Azure's answer, in Azure Resource Manager's error shape.
    const refusal = azureRefusal(parsed.data);
    if (refusal) return void res.status(400).json({ error: { code: 'BadRequest', message: refusal } });
    const missing = parsed.data.actions.actionGroups.findIndex((g) => store.getDefinition('group', groupName(g)) === undefined);
    if (missing >= 0) return void res.status(400).json({ error: `actions.actionGroups[${missing}]: no action group named ${JSON.stringify(groupName(parsed.data.actions.actionGroups[missing] ?? ''))}; PUT /api/action-groups/{name} first` });
    const outcome = store.putDefinition('rule', name, parsed.data, deps.clock());
    deps.onRulesChanged();
    res.status(outcome === 'created' ? 201 : 200).json({ name, type: 'Microsoft.Insights/scheduledQueryRules', properties: parsed.data });
  });

  for (const [route, kind, type] of [['action-groups', 'group', 'Microsoft.Insights/actionGroups'], ['alert-rules', 'rule', 'Microsoft.Insights/scheduledQueryRules']] as const) {
    router.get(`/api/${route}`, (_req, res) => {
      res.json({ value: store.listDefinitions(kind).map((d) => ({ name: d.name, type, properties: d.properties, ...(kind === 'rule' ? { lastEvaluation: d.lastEvaluation } : {}) })) });
    });
    router.get(`/api/${route}/:name`, (req, res) => {
      const name = nameOf(req, res);
      if (name === null) return;
      const properties = store.getDefinition(kind, name);
      if (properties === undefined) return void res.status(404).json({ error: `no ${kind === 'group' ? 'action group' : 'alert rule'} named ${JSON.stringify(name)}` });
      res.json({ name, type, properties, ...(kind === 'rule' ? { lastEvaluation: store.lastEvaluation(name) } : {}) });
    });
    router.delete(`/api/${route}/:name`, (req, res) => {
      const name = nameOf(req, res);
      if (name === null) return;
      if (kind === 'group') {
        const user = store.listDefinitions('rule').find((r) => AlertRuleProperties.safeParse(r.properties).data?.actions.actionGroups.map(groupName).includes(name));
        if (user) return void res.status(409).json({ error: `alert rule ${JSON.stringify(user.name)} uses this action group; change or delete the rule first` });
      }
      if (!store.deleteDefinition(kind, name)) return void res.status(404).json({ error: `no ${kind === 'group' ? 'action group' : 'alert rule'} named ${JSON.stringify(name)}` });
      if (kind === 'rule') deps.onRulesChanged();
      res.status(204).end();
    });
  }

  router.post('/api/alert-rules/:name/evaluate', async (req, res) => {
    const name = nameOf(req, res);
    const body = jsonBody(req, res);
    if (name === null || !body.ok) return;
    const parsed = EvaluateRequest.safeParse(body.value);
    if (!parsed.success) return void res.status(400).json({ error: describeIssues(parsed.error) });
    const at = parsed.data.at ? new Date(parsed.data.at) : deps.clock();
    const result = await deps.evaluator.evaluate(name, at);
    if (!result) return void res.status(404).json({ error: `no alert rule named ${JSON.stringify(name)}` });
    res.json(result);
  });

  router.get('/api/alerts', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
    const rule = typeof req.query.rule === 'string' ? req.query.rule : undefined;
    res.json({
      value: store.alerts({ limit, ...(rule === undefined ? {} : { rule }) }).map((alert) => {
        const description = AlertRuleProperties.safeParse(store.getDefinition('rule', alert.rule)).data?.description ?? '';
        return { essentials: essentialsOf(alert, description), context: alert.context, deliveries: alert.deliveries };
      }),
    });
  });

  router.get('/api/outbox', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
    res.json({ value: store.outbox(limit) });
  });
  return router;
}
