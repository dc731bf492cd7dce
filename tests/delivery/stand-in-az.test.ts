// The stand-in `az` the infra scripts are tested against must answer as the Azure CLI does, or the
// scripts' tests prove nothing: these pin what they rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aSubscription, runWithStandInAz } from '../helpers/stand-in-az';
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
