#!/usr/bin/env node
// A stand-in for the Azure CLI, for `npm run progress` on the Azure track: it records every call
// (one JSON line of arguments each, in $AZ_CALLS) and answers with the JSON shapes of Microsoft's
// CLI reference. Telemetry and alert rules come from a real local-insights ($AZ_INSIGHTS_URL), so
// the answers are what a real query gives. $AZ_SIGNED_OUT=1 answers as a signed-out CLI does;
// $AZ_NO_COMPONENT=1 as a resource group holding no Application Insights.
const fs = require('node:fs');

const args = process.argv.slice(2);
fs.appendFileSync(process.env.AZ_CALLS, `${JSON.stringify(args)}\n`);
const option = (name) => args[args.indexOf(name) + 1];
const is = (...words) => words.every((word, i) => args[i] === word);
const insights = process.env.AZ_INSIGHTS_URL;

async function answer() {
  if (is('account', 'show')) {
    if (process.env.AZ_SIGNED_OUT === '1') {
      process.stderr.write("ERROR: Please run 'az login' to setup account.\n");
      process.exit(1);
    }
    return { id: '00000000-0000-0000-0000-000000000001', name: 'Workshop', state: 'Enabled', user: { name: 'alice@example.com', type: 'user' } };
  }
  if (is('webapp', 'list')) {
    return [{ name: 'orders-alice-app', defaultHostName: process.env.AZ_APP_HOST, resourceGroup: 'rg-orders-alice', state: 'Running' }];
  }
  if (is('monitor', 'app-insights', 'component', 'show')) {
    if (process.env.AZ_NO_COMPONENT === '1') return [];
    return [{ appId: '11111111-2222-3333-4444-555555555555', name: 'orders-alice-insights', resourceGroup: option('--resource-group') }];
  }
  if (is('monitor', 'app-insights', 'query')) {
    const response = await fetch(`${insights}/v1/apps/${option('--app')}/query`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: option('--analytics-query') }),
    });
    return response.json();
  }
  if (is('monitor', 'scheduled-query', 'list')) {
    const rules = await (await fetch(`${insights}/api/alert-rules`)).json();
    // The CLI prints the resource flattened: criteria beside name, not under properties.
    return rules.value.map((rule) => ({ name: rule.name, resourceGroup: option('--resource-group'), ...rule.properties }));
  }
  if (is('monitor', 'metrics', 'alert', 'list')) return [];
  process.stderr.write(`ERROR: the stand-in az does not know: az ${args.join(' ')}\n`);
  process.exit(2);
}

answer().then((value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`), (error) => {
  process.stderr.write(`ERROR: ${error.message}\n`);
  process.exit(1);
});
