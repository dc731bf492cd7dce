// The Logs page's Queries pane, as Azure's: ready-made queries to pick, grouped. The workshop's
// own queries are read from WORKSHOP.md when asked for, so the pane always shows what the learner
// is reading; the common ones by table (failure rate, slowest operations, exceptions by problem,
// dependency failures …) are written here in both schemas, classic and workspace-based.
import fs from 'node:fs';

export interface SavedQuery {
  title: string;
  query: string;
}

export interface QueryGroup {
  name: string;
  queries: SavedQuery[];
}

const APP = 'order-processing-app';

/** Common questions, each in the classic form (Application Insights' Logs) and the workspace form (Log Analytics). */
const COMMON: Array<{ title: string; classic: string; workspace: string }> = [
  {
    // Written as two aggregates and an extend, which every KQL engine here runs; 100.0 * countif() / count() is the same answer.
    title: 'Failure rate by operation',
    classic: 'requests\n| summarize failRate = 100.0 * countif(success == "False") / count(), total = count() by name\n| order by failRate desc',
    workspace: 'AppRequests\n| summarize failRate = 100.0 * countif(Success == false) / count(), total = count() by Name\n| order by failRate desc',
  },
  {
    title: 'Slowest operations',
    classic: 'requests\n| summarize count(), avg(duration), percentile(duration, 95) by name\n| order by percentile_duration_95 desc',
    workspace: 'AppRequests\n| summarize count(), avg(DurationMs), percentile(DurationMs, 95) by Name\n| order by percentile_DurationMs_95 desc',
  },
  {
    title: 'Requests over time by result code',
    classic: 'requests\n| summarize count() by resultCode, bin(timestamp, 5m)\n| render timechart',
    workspace: 'AppRequests\n| summarize count() by ResultCode, bin(TimeGenerated, 5m)\n| render timechart',
  },
  {
    title: 'Exceptions by problem',
    classic: 'exceptions\n| summarize count() by problemId, type\n| order by count_ desc',
    workspace: 'AppExceptions\n| summarize count() by ProblemId, ExceptionType\n| order by count_ desc',
  },
  {
    title: 'Dependency failures',
    classic: 'dependencies\n| where success == "False"\n| summarize count() by target, name, resultCode\n| order by count_ desc',
    workspace: 'AppDependencies\n| where Success == false\n| summarize count() by Target, Name, ResultCode\n| order by count_ desc',
  },
  {
    title: 'Warnings and errors in the logs',
    classic: 'traces\n| where severityLevel >= 2\n| summarize count() by message, severityLevel, cloud_RoleName\n| order by count_ desc',
    workspace: 'AppTraces\n| where SeverityLevel >= 2\n| summarize count() by Message, SeverityLevel, AppRoleName\n| order by count_ desc',
  },
  {
    title: 'Queue length',
    classic: `customMetrics\n| where cloud_RoleName == "${APP}" and name == "queue_length"\n| summarize queue = max(value) by bin(timestamp, 1m)\n| render timechart`,
    workspace: `AppMetrics\n| where AppRoleName == "${APP}" and Name == "queue_length"\n| summarize queue = max(Max) by bin(TimeGenerated, 1m)\n| render timechart`,
  },
];

/** WORKSHOP.md's KQL blocks, each titled by the part it belongs to (numbered when a part has several). */
export function workshopQueries(markdown: string): SavedQuery[] {
  const found: Array<{ part: string; query: string }> = [];
  let part = 'WORKSHOP.md';
  for (const block of markdown.split(/^(?=## |```kusto\n)/m)) {
    if (block.startsWith('## ')) part = block.slice(3, block.indexOf('\n')).trim();
    const query = /^```kusto\n([\s\S]*?)^```/m.exec(block)?.[1];
    if (query !== undefined) found.push({ part, query: query.trimEnd() });
  }
  return found.map(({ part, query }) => {
    const siblings = found.filter((q) => q.part === part);
    return { title: siblings.length > 1 ? `${part} (${siblings.findIndex((q) => q.query === query) + 1})` : part, query };
  });
}

/** The pane's groups: the workshop's queries (when WORKSHOP.md is there), then the common ones in each schema. */
export function savedQueries(workshopFile: string): QueryGroup[] {
  const groups: QueryGroup[] = [];
  if (fs.existsSync(workshopFile)) groups.push({ name: 'Workshop', queries: workshopQueries(fs.readFileSync(workshopFile, 'utf8')) });
  groups.push({ name: 'Common: classic tables (requests …)', queries: COMMON.map(({ title, classic }) => ({ title, query: classic })) });
  groups.push({ name: 'Common: workspace tables (AppRequests …)', queries: COMMON.map(({ title, workspace }) => ({ title, query: workspace })) });
  return groups;
}
