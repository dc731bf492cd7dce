// A notification rule: when `trigger` happens to a problem that passes `filters`, tell `actionGroups`
// (Rollbar's trigger → filters → action). The body is checked here, once, at the HTTP edge; a bad
// one is refused naming its field. Pure: no I/O.
import { z } from 'zod';
import { TRIGGERS } from './lifecycle';
import type { ProblemRow } from './problem-store';

export const NotificationRule = z.object({
  trigger: z.enum(TRIGGERS),
  filters: z.object({
    /** The role the occurrence came from (the problem's latest, for resolved / reopened), exactly. */
    cloudRoleName: z.string().min(1).optional(),
    /** The minimum severityLevel (0 Verbose … 4 Critical). */
    severityLevel: z.number().int().min(0).max(4).optional(),
    /** Part of the problem's title, in any case. */
    title: z.string().min(1).optional(),
    /** Part of a file name in the latest stack trace, in any case. */
    file: z.string().min(1).optional(),
  }).strict().default({}),
  actionGroups: z.array(z.string().min(1)).min(1),
}).strict().superRefine((rule, context) => {
  // A deploy is not about a problem: a filter on one could never match, so it is refused rather than silently never firing.
  if (rule.trigger === 'deploy' && Object.keys(rule.filters).length > 0) {
    context.addIssue({ code: 'custom', path: ['filters'], message: 'the deploy trigger is about a deployment, not a problem: it takes no filters' });
  }
});
export type NotificationRule = z.infer<typeof NotificationRule>;

/** The first problem with the body, as "field: what is wrong", for a 400. */
export function ruleProblem(body: unknown): { rule: NotificationRule } | { error: string } {
  const parsed = NotificationRule.safeParse(body);
  if (parsed.success) return { rule: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
  return { error: `${field}: ${issue?.message ?? 'invalid'}` };
}

/** Whether a problem, as it stands at the event, passes the rule's filters. */
export function passesFilters(rule: NotificationRule, problem: ProblemRow): boolean {
  const { cloudRoleName, severityLevel, title, file } = rule.filters;
  const contains = (text: string, part: string) => text.toLowerCase().includes(part.toLowerCase());
  if (cloudRoleName !== undefined && problem.lastRole !== cloudRoleName) return false;
  if (severityLevel !== undefined && (problem.lastSeverity ?? 0) < severityLevel) return false;
  if (title !== undefined && !contains(problem.title, title)) return false;
  if (file !== undefined && !problem.lastFiles.some((f) => contains(f, file))) return false;
  return true;
}
