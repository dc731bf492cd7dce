// The stand-in `az` the infra scripts are tested against must answer as the Azure CLI does, or the
// scripts' tests prove nothing: these pin what they rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aSubscription, runWithStandInAz, uniqueString } from '../helpers/stand-in-az';
import { makeTempDir } from '../helpers/temp-dir';

const scripts = makeTempDir('stand-in-az-scripts');
const template = path.resolve(__dirname, '../../infra/main.bicep');

function script(body: string): string {
  const file = path.join(fs.mkdtempSync(path.join(scripts, 'script-')), 'run.sh');
  fs.writeFileSync(file, `set -u\n${body}\n`);
  return file;
}

test('a deployment whose parameters are not the template\'s is refused, as ARM refuses it', async () => {
  const deploy = (parameters: string) => `az group create --name rg-x --location westeurope --output none
az deployment group create --resource-group rg-x --template-file '${template}' --parameters ${parameters} --output none; echo "exit $?"`;
  const complete = 'learner=alice imageOwner=t registryUsername=t registryPassword=p sqlAdminPassword=s financeApiKey=k';
  const world = { signedIn: true, subscription: aSubscription };

  const unknown = await runWithStandInAz(script(deploy(`${complete} dockerHubUsername=t`)), [], world);
  const missing = await runWithStandInAz(script(deploy('learner=alice imageOwner=t')), [], world);
  const right = await runWithStandInAz(script(deploy(complete)), [], world);

  assert.match(unknown.stdout, /exit 1/);
  assert.match(unknown.stderr, /ERROR: .*The template parameters 'dockerHubUsername' in the parameters file are not valid/);
  assert.match(missing.stdout, /exit 1/);
  assert.match(missing.stderr, /Missing input parameters: registryUsername, registryPassword, sqlAdminPassword, financeApiKey/);
  assert.match(right.stdout, /exit 0/, right.stderr);
});

test('--query is JMESPath and --output tsv prints as the CLI does: a value alone, a list a line each', async () => {
  const run = await runWithStandInAz(script(`az account show --query user.name --output tsv
az account show --query "[id, name]" --output tsv
az account show --query "{sub: name}" --output json`), [], { signedIn: true, subscription: aSubscription });

  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `instructor@school.example\n${aSubscription.id}\nWorkshop\n{\n  "sub": "Workshop"\n}\n`);
  assert.deepEqual(run.calls.map((call) => call.slice(0, 2)), [['account', 'show'], ['account', 'show'], ['account', 'show']]);
});

test('uniqueString gives what ARM gives: 13 characters of base-32, the values joined with \'-\'', () => {
  // Published outputs of Azure's own uniqueString (deployments, and tools checked against them).
  assert.equal(uniqueString('test'), 'rbgf3xv4ufgzg');
  assert.equal(uniqueString('test', 'test2', 'test3'), 'bqgd334z2uj64');
  assert.equal(uniqueString('test-test2-test3'), 'bqgd334z2uj64');
  // Every tail length of the 8-byte blocks, and a long resource group id.
  for (const value of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', `/subscriptions/${aSubscription.id}/resourceGroups/rg-orders-abcdefghijkl`]) {
    assert.match(uniqueString(value), /^[a-z2-7]{13}$/, value);
  }
  assert.notEqual(uniqueString('abcdefg'), uniqueString('abcdefh'));
});

test('a deployment answers with the template\'s outputs, worked out from its own expressions for that resource group', async () => {
  const group = 'rg-orders-abcdefghijkl';
  const run = await runWithStandInAz(script(`az group create --name ${group} --location westeurope --output none
az deployment group create --resource-group ${group} --template-file '${template}' --parameters learner=abcdefghijkl imageOwner=t registryUsername=t registryPassword=p sqlAdminPassword=s financeApiKey=k --query properties.outputs --output json`), [], { signedIn: true, subscription: aSubscription });

  assert.equal(run.code, 0, run.stderr);
  const suffix = uniqueString(`/subscriptions/${aSubscription.id}/resourceGroups/${group}`);
  assert.deepEqual(JSON.parse(run.stdout), {
    appUrl: { type: 'String', value: `https://orders-abcdefghijkl-${suffix}-app.azurewebsites.net` },
    financeUrl: { type: 'String', value: `https://orders-abcdefghijkl-${suffix}-finance.azurewebsites.net` },
    insightsName: { type: 'String', value: 'orders-abcdefghijkl-insights' },
  });
});
