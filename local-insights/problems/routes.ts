// HTTP routes of problems, notification rules and deployments. Thin: parse,
// call the tracker or the store, answer. A bad body is a 400 naming its field.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { parseStack } from './fingerprint';
import { ruleProblem } from './notification-rules';
import type { ProblemRow, ProblemStore } from './problem-store';
import type { ProblemTracker, StateChange } from './problem-tracker';
import { commitOf, sourceLink, suspectedDeploy } from './releases';

export interface ProblemRoutesDeps {
  store: ProblemStore;
  tracker: ProblemTracker;
  clock: Clock;
  /** SOURCE_URL: where the repository's source is browsed (unset: frames are not linked). */
  sourceUrl: string | undefined;
  /** The repository's top-level folders, to find a frame's path in it. */
  topFolders: ReadonlySet<string>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}$/;
const Version = z.string().trim().min(1).max(128);
const ResolveBody = z.object({ inVersion: Version.optional() }).strict();
const DeploymentBody = z.object({
  version: Version,
  commit: z.string().trim().regex(/^[0-9a-f]{4,64}$/i, 'a commit is 4 to 64 hex characters').optional(),
  environment: z.string().trim().min(1).max(64).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
}).strict();

/** "field: what is wrong" from a failed parse. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
  return `${field}: ${issue?.message ?? 'invalid'}`;
}

export function problemRoutes(deps: ProblemRoutesDeps): Router {
  const { store, tracker } = deps;
  const router = express.Router();
  // The ingestion app has read every body as raw bytes already (server.ts): JSON is read from those,
  // for these routes only (other routers under /api read their own bodies).
  router.use(['/api/problems', '/api/notification-rules', '/api/notification-events', '/api/deployments'], (req, res, next) => {
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8').trim() : '';
    try {
      req.body = text === '' ? {} : JSON.parse(text);
      next();
    } catch (error) {
      res.status(400).json({ error: `body: not JSON (${error instanceof Error ? error.message : String(error)})` });
    }
  });

  const listed = (p: ProblemRow) => {
    const deploy = suspectedDeploy(p, store.deployments());
    return {
      fingerprint: p.fingerprint, problemId: p.problemId, title: p.title, type: p.type, count: p.count, firstSeen: p.firstSeen, lastSeen: p.lastSeen,
      firstVersion: p.firstVersion, versions: store.versions(p.fingerprint).map((v) => v.version), state: p.state, resolvedInVersion: p.resolvedInVersion,
      cloudRoleNames: store.roles(p.fingerprint), suspectedDeploy: deploy, occurrencesByHour: store.hourly(p.fingerprint),
    };
  };

  router.get('/api/problems', (_req, res) => {
    res.json(store.list().map(listed));
  });

  router.get('/api/problems/:fingerprint', (req, res) => {
    const problem = store.get(req.params.fingerprint);
    if (!problem) {
      res.status(404).json({ error: `no problem with fingerprint ${req.params.fingerprint}` });
      return;
    }
    const latest = store.latestException(problem.fingerprint);
    const details = z.array(z.object({ typeName: z.string(), message: z.string(), stack: z.string().optional() })).safeParse(JSON.parse(latest?.details ?? '[]'));
    const outer = details.success ? details.data[0] : undefined;
    const commit = commitOf(latest?.version ?? null);
    const frames = parseStack(outer?.stack ?? '').map((frame) => ({ ...frame, link: sourceLink(frame, deps.sourceUrl, commit, deps.topFolders) }));
    res.json({
      ...listed(problem),
      occurrencesByVersion: store.versions(problem.fingerprint),
      latest: latest ? { timestamp: latest.timestamp, version: latest.version, commit, message: outer?.message ?? null, stack: outer?.stack ?? null, frames,
        customDimensions: JSON.parse(latest.customDimensions ?? '{}') } : null,
    });
  });

  const change = (kind: StateChange): express.RequestHandler => (req, res) => {
    const body = ResolveBody.safeParse(kind === 'resolve' ? req.body ?? {} : {});
    if (!body.success) {
      res.status(400).json({ error: firstIssue(body.error) });
      return;
    }
    const fingerprint = String(req.params.fingerprint);
    const changed = tracker.change(fingerprint, kind, body.data.inVersion ?? null);
    if (!changed) res.status(404).json({ error: `no problem with fingerprint ${fingerprint}` });
    else res.json(listed(changed));
  };
  router.post('/api/problems/:fingerprint/resolve', change('resolve'));
  router.post('/api/problems/:fingerprint/reopen', change('reopen'));
  router.post('/api/problems/:fingerprint/mute', change('mute'));

  router.get('/api/notification-rules', (_req, res) => {
    res.json(store.rules());
  });
  router.put('/api/notification-rules/:name', (req, res) => {
    if (!NAME.test(req.params.name)) {
      res.status(400).json({ error: 'name: letters, digits, space, dot, dash or underscore, up to 128' });
      return;
    }
    const checked = ruleProblem(req.body);
    if ('error' in checked) {
      res.status(400).json({ error: checked.error });
      return;
    }
    const existed = store.rule(req.params.name) !== undefined;
    store.putRule(req.params.name, checked.rule);
    res.status(existed ? 200 : 201).json({ name: req.params.name, ...checked.rule });
  });
  router.get('/api/notification-rules/:name', (req, res) => {
    const rule = store.rule(req.params.name);
    if (rule === undefined) res.status(404).json({ error: `no notification rule named ${req.params.name}` });
    else res.json({ name: req.params.name, ...z.record(z.string(), z.unknown()).parse(rule) });
  });
  router.delete('/api/notification-rules/:name', (req, res) => {
    if (store.deleteRule(req.params.name)) res.status(204).end();
    else res.status(404).json({ error: `no notification rule named ${req.params.name}` });
  });

  router.get('/api/notification-events', (_req, res) => {
    res.json(store.events().reverse());
  });

  router.post('/api/deployments', (req, res) => {
    const body = DeploymentBody.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: firstIssue(body.error) });
      return;
    }
    const { version, commit, environment, time } = body.data;
    res.status(201).json(tracker.recordDeployment({ version, commit: commit ?? commitOf(version), environment: environment ?? null,
      time: new Date(time ?? deps.clock()).toISOString() }));
  });
  router.get('/api/deployments', (_req, res) => {
    const problems = store.list();
    const deployments = store.deployments();
    res.json(deployments.map((d) => ({ ...d, newProblems: problems.filter((p) => suspectedDeploy(p, deployments)?.id === d.id)
      .map((p) => ({ fingerprint: p.fingerprint, title: p.title, firstSeen: p.firstSeen, count: p.count })) })));
  });

  return router;
}
