// Release tracking (Rollbar, Opbeat): which deployment a problem arrived with, and where its
// stack frames live in the source at the commit that ran. Pure: no I/O.
import type { Deployment } from './problem-store';
import type { StackFrame } from './fingerprint';

/**
 * A problem's "suspected deploy": the deployment of the version it first occurred in (the latest
 * such deployment made before it appeared, else the first of them); when no deployment names that
 * version, the last deployment before it first appeared.
 */
export function suspectedDeploy(problem: { firstSeen: string; firstVersion: string | null }, deployments: Deployment[]): Deployment | null {
  const byTime = [...deployments].sort((a, b) => a.time.localeCompare(b.time) || a.id - b.id);
  const before = byTime.filter((d) => d.time <= problem.firstSeen);
  const sameVersion = byTime.filter((d) => d.version === problem.firstVersion);
  return sameVersion.filter((d) => d.time <= problem.firstSeen).at(-1) ?? sameVersion[0] ?? before.at(-1) ?? null;
}

/** `0.1.0+abc123def456` → `abc123def456`: the commit platform/application-version.ts appends. */
export const commitOf = (version: string | null): string | null => (version?.includes('+') ? version.slice(version.indexOf('+') + 1) || null : null);

/**
 * The link to a frame's line in the source at the commit that ran it: `SOURCE_URL/blob/<commit>/<path>#L<line>`
 * (GitHub's form; GitLab answers it too). Only in-app frames have one: not node's, not a package's.
 * `topFolders` are the repository's top-level folders: the path starts at the first of them, so
 * `/home/site/wwwroot/app/orders/payment-job.ts` links to `app/orders/payment-job.ts`.
 */
export function sourceLink(frame: StackFrame, sourceUrl: string | undefined, commit: string | null, topFolders: ReadonlySet<string>): string | null {
  if (!sourceUrl || !commit || frame.line === null || frame.file.includes('node_modules/') || frame.file.startsWith('node:')) return null;
  const segments = frame.file.replace(/^file:\/\//, '').replace(/\\/g, '/').split('/');
  const start = segments.findIndex((segment) => topFolders.has(segment));
  if (start < 0) return null;
  return `${sourceUrl.replace(/\/+$/, '')}/blob/${encodeURIComponent(commit)}/${segments.slice(start).map(encodeURIComponent).join('/')}#L${frame.line}`;
}
