// npm run progress [-- --app URL] [--insights URL] [--resource-group NAME] [--json]
//
// Checks a running workshop system from outside, part by part, and prints what is done and, for
// what is not, the one thing missing. Local track by default (the app on :3000, local-insights on
// :3002, or APP_PORT / INSIGHTS_PORT as `npm start` uses them). With an App Service URL, telemetry
// and alert rules are read through the Azure CLI you are signed in with. Always exits 0 once it
// has checked: not done is an answer, not an error.
import { isOnThisMachine, progressOf } from '../progress/progress';
import { progressJson, progressTable } from '../progress/report';

const USAGE = 'usage: npm run progress -- [--app URL] [--insights URL] [--resource-group NAME] [--json]';

interface Arguments { app: string; insights?: string; resourceGroup?: string; json: boolean }

function urlArgument(flag: string, value: string | undefined): string {
  if (value === undefined) throw new Error(`${flag} needs a URL, e.g. ${flag} https://orders-alice-app.azurewebsites.net`);
  try {
    const url = new URL(value);
    if (!['http:', 'https:'].includes(url.protocol)) throw new Error('not http');
    return url.href;
  } catch {
    throw new Error(`${flag} ${value}: not an http(s) URL, e.g. ${flag} http://localhost:3000`);
  }
}

export function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Arguments {
  const parsed: Arguments = { app: urlArgument('APP_PORT', `http://localhost:${env.APP_PORT ?? 3000}`), json: false };
  let insights: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') parsed.json = true;
    else if (flag === '--app') parsed.app = urlArgument(flag, argv[++i]);
    else if (flag === '--insights') insights = urlArgument(flag, argv[++i]);
    else if (flag === '--resource-group') {
      const group = argv[++i];
      if (group === undefined || group.startsWith('--')) throw new Error('--resource-group needs the name of your resource group, e.g. rg-orders-alice');
      parsed.resourceGroup = group;
    } else throw new Error(`unknown argument ${flag}`);
  }
  // On this machine, the local track's local-insights; elsewhere, Azure through the CLI.
  const local = insights ?? (isOnThisMachine(parsed.app) && parsed.resourceGroup === undefined ? `http://127.0.0.1:${env.INSIGHTS_PORT ?? 3002}` : undefined);
  return local === undefined ? parsed : { ...parsed, insights: local };
}

async function main(): Promise<void> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`progress: ${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const results = await progressOf(args);
  console.log(args.json ? progressJson(results) : progressTable(results, args.app));
}

if (require.main === module) void main();
