// On Azure, telemetry and alert rules are read through the Azure CLI the learner is signed in with,
// never with keys of our own: `az monitor app-insights query` for KQL, and the rule lists of the
// learner's resource group. When `az` is missing or signed out, the checks that need it say so.
import { execFile } from 'node:child_process';
import { describeFailure, type AskKql, type Maybe, type QueryAnswer, type RuleFacts } from './facts';

/** Runs `az ARGS -o json` and parses its answer; rejects with az's own first line of error. */
export function runAz(args: string[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile('az', [...args, '--output', 'json'], { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new Error('the Azure CLI (az) is not installed'));
        const said = stderr.split('\n').map((line) => line.trim()).find((line) => line !== '');
        return reject(new Error(`az ${args.slice(0, 3).join(' ')} failed: ${said ?? error.message}`));
      }
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`az ${args.slice(0, 3).join(' ')} did not answer JSON`));
      }
    });
  });
}

interface WebApp { defaultHostName?: string; resourceGroup?: string }
interface Component { appId?: string; name?: string }
interface ScheduledQueryRule { name: string }

/**
 * The learner's Application Insights, found from the app's host name (or the resource group when
 * given), and how to ask it KQL and list its rules.
 */
export async function azureSource(appUrl: string, resourceGroup: string | undefined, timeoutMs: number): Promise<Maybe<{ ask: AskKql; rules(): Promise<RuleFacts> }>> {
  const az = (args: string[]) => runAz(args, timeoutMs);
  try {
    await az(['account', 'show']);
  } catch (error) {
    const reason = describeFailure(error);
    return { unavailable: /not installed/.test(reason)
      ? `${reason}: telemetry and alert checks skipped (install it and run az login, or check them on the portal)`
      : `the Azure CLI is not signed in (${reason}): run az login, then try again` };
  }
  let group = resourceGroup;
  try {
    if (group === undefined) {
      const host = new URL(appUrl).hostname;
      const apps = await az(['webapp', 'list']) as WebApp[];
      group = apps.find((app) => app.defaultHostName === host)?.resourceGroup;
      if (group === undefined) return { unavailable: `no Web App of this subscription answers at ${host}: give your resource group with --resource-group` };
    }
    const inGroup = group;
    // Alert rules live in the resource group, not in Application Insights: a group without one
    // (or a CLI without the application-insights extension) still has its rules read.
    const appId = az(['monitor', 'app-insights', 'component', 'show', '--resource-group', inGroup]).then((components) => {
      const component = Array.isArray(components) ? (components as Component[])[0] : components as Component;
      if (component?.appId === undefined) throw new Error(`no Application Insights resource in resource group ${inGroup}`);
      return component.appId;
    });
    appId.catch(() => undefined); // read by ask(); a group without one must not end the process
    return {
      ask: async (query) => await az(['monitor', 'app-insights', 'query', '--app', await appId, '--analytics-query', query, '--offset', '48h']) as QueryAnswer,
      async rules() {
        const logSearch = await az(['monitor', 'scheduled-query', 'list', '--resource-group', inGroup]) as ScheduledQueryRule[];
        const metric = await az(['monitor', 'metrics', 'alert', 'list', '--resource-group', inGroup]) as ScheduledQueryRule[];
        return {
          // The whole rule, whether the CLI prints its criteria flattened or under properties.
          alertRules: [...logSearch, ...metric].map((rule) => ({ name: rule.name, condition: JSON.stringify(rule) })),
          notificationRules: { unavailable: 'part 6½ is about local-insights\' notification rules; on Azure, look at Smart Detection yourself' },
        };
      },
    };
  } catch (error) {
    return { unavailable: describeFailure(error) };
  }
}
