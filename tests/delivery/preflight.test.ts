// infra/preflight.sh run for real, against a stand-in `az` that answers as the Azure CLI does and
// records every call (Azure itself cannot be reached from here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aSubscription, optionOf, runWithStandInAz, type AzWorld } from '../helpers/stand-in-az';

const SCRIPT = 'infra/preflight.sh';
const ready: AzWorld = { signedIn: true, subscription: aSubscription, appServiceCores: { currentValue: 2, limit: 40 }, instructorRoles: [{ role: 'Owner' }] };
/** Each call's command: its words before the first option. */
const commandsOf = (calls: string[][]) => calls.map((call) => {
  const firstOption = call.findIndex((word) => word.startsWith('-'));
  return call.slice(0, firstOption < 0 ? undefined : firstOption).join(' ');
});

test('a subscription ready for the class passes every check, and the scratch resource group is deleted again', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], ready);

  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, new RegExp(`subscription: Workshop \\(${aSubscription.id}\\), signed in as instructor@school\\.example`));
  assert.match(run.stdout, /ready for 12 learners in westeurope/);
  const validate = run.calls.find((call) => call.join(' ').startsWith('deployment group validate'));
  assert.ok(validate, 'the template is validated by ARM, policies included');
  const scratch = optionOf(validate, '--resource-group') ?? '';
  // A name no learner's group can have (learner names have no '-'), new on every run: a run again
  // while the last run's group is still being deleted does not meet it.
  assert.match(scratch, /^rg-orders-preflight-[a-z0-9]+$/);
  assert.equal(optionOf(run.calls.find((call) => call.join(' ').startsWith('group create')) ?? [], '--name'), scratch);
  const deleted = run.calls.find((call) => call.join(' ').startsWith('group delete'));
  assert.equal(optionOf(deleted ?? [], '--name'), scratch);
  assert.ok(run.calls.some((call) => (optionOf(call, '--url') ?? '').includes('/providers/Microsoft.Sql/locations/westeurope/capabilities')));
  assert.ok(run.calls.some((call) => (optionOf(call, '--url') ?? '').includes('/providers/Microsoft.Web/locations/westeurope/usages')));
});

test('each run validates in a scratch group of its own', async () => {
  const scratchOf = async () => optionOf((await runWithStandInAz(SCRIPT, ['westeurope', '12'], ready)).calls
    .find((call) => call.join(' ').startsWith('group create')) ?? [], '--name');
  assert.notEqual(await scratchOf(), await scratchOf());
});

test('when nobody is signed in it says to run az login and checks nothing else', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, signedIn: false });

  assert.equal(run.code, 1);
  assert.deepEqual(commandsOf(run.calls), ['account show']);
  assert.match(run.stdout, /FIX\s+not signed in: run az login/);
});

test('a region that takes no new SQL servers is named, with Azure\'s reason and what to do', async () => {
  const run = await runWithStandInAz(SCRIPT, ['eastus', '12'], { ...ready, sqlRegions: { eastus: {
    status: 'Disabled', reason: 'Provisioning is restricted in this region. Please choose a different region.' } } });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+Azure SQL takes no new servers in eastus for this subscription \(Disabled: Provisioning is restricted in this region\. Please choose a different region\.\): run this again with another region/);
  assert.match(run.stdout, /1 thing to fix before the class/);
});

test('policies that deny SQL password authentication or SCM basic auth are named, each with what to do', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, denyPolicies: [
    { on: 'sql', assignment: 'Security baseline', definition: 'Azure SQL Database should have Microsoft Entra-only authentication enabled during creation' },
    { on: 'scm', assignment: 'Security baseline', definition: 'App Service apps should have local authentication methods disabled for SCM site deployments' },
  ] });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+a policy denies SQL password authentication \("Azure SQL Database should have Microsoft Entra-only authentication enabled during creation", assigned as "Security baseline"\)/);
  assert.match(run.stdout, /FIX\s+a policy denies SCM basic auth \("App Service apps should have local authentication methods disabled for SCM site deployments", assigned as "Security baseline"\).*SCM_BASIC_AUTH=off/);
  assert.match(run.stdout, /2 things to fix before the class/);
  assert.ok(run.calls.some((call) => call.join(' ').startsWith('group delete')), 'the scratch group is deleted after a refusal too');
});

test('when ARM leaves the display names out, a denying policy is named by its identifiers', async () => {
  const definition = 'Azure SQL Database should have Microsoft Entra-only authentication enabled during creation';
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, policyDisplayNamesLeftOut: true,
    denyPolicies: [{ on: 'sql', assignment: 'Security baseline', definition }] });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+a policy denies SQL password authentication \("[0-9a-f]{8}-[0-9a-f-]{27}", assigned as "[0-9a-f]{24}"\)/);
});

test('with Azure CLI 2.73 to 2.77, which print a refused validation as only "already consumed", it says to upgrade the CLI, not that the template is wrong', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, cliVersion: '2.75.0',
    denyPolicies: [{ on: 'sql', assignment: 'Security baseline', definition: 'Azure SQL Database should have Microsoft Entra-only authentication enabled during creation' }] });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+could not validate the template: your Azure CLI hid ARM's answer \("The content for this response was already consumed", a bug of Azure CLI 2\.73 to 2\.77\): run az upgrade, then run this again/);
  assert.doesNotMatch(run.stdout, /does not validate/);
});

test('a policy that denies creating resource groups (one that requires tags) is named, from the text the CLI prints for it', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, groupDenyPolicy: { assignment: 'Class rules', definition: 'Require a tag on resource groups' } });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+could not create a resource group in westeurope to validate the template: RequestDisallowedByPolicy: Resource 'rg-orders-preflight-[a-z0-9]+' was disallowed by policy\. \(policy "Require a tag on resource groups", assigned as "Class rules"\)/);
});

test('a policy refusal printed as "Code - message" lines (no target, no display names) still gets a FIX line', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, validationErrorAsLines: true,
    denyPolicies: [{ on: 'sql', assignment: 'Security baseline', definition: 'Azure SQL Database should have Microsoft Entra-only authentication enabled during creation' }] });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+the template does not validate in westeurope: RequestDisallowedByPolicy: Resource 'orders-preflight-[a-z0-9]+-sql' was disallowed by policy\./);
  assert.match(run.stdout, /1 thing to fix before the class/);
});

test('too few App Service cores for the class is reported with the numbers', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, appServiceCores: { currentValue: 6, limit: 10 } });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+App Service in westeurope: 12 learners need 12 cores \(one B1 plan each\); 4 of 10 are free/);
});

test('an unlimited App Service core quota (-1) is enough for any class', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, appServiceCores: { currentValue: 6, limit: -1 } });

  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /ok\s+App Service in westeurope: 12 learners need 12 cores \(one B1 plan each\); 6 are used, and the quota is unlimited/);
});

test('when App Service gives no core figures, pre-flight says to check the quota in the portal and still finishes', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, appServiceCores: null });

  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /unbound variable/);
  assert.match(run.stdout, /CHECK\s+could not read App Service's core quota in westeurope: check it in the portal \(Quotas\); 12 learners need 12 cores/);
  assert.match(run.stdout, /ready for 12 learners in westeurope, once the lines marked CHECK above are checked by hand/);
});

test('a resource provider the subscription has not registered is named with the command that registers it', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, unregisteredProviders: ['Microsoft.Sql'] });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+resource provider Microsoft\.Sql is NotRegistered: az provider register --namespace Microsoft\.Sql/);
});

test('a count that is not a number is refused before anything is asked of Azure', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'twelve'], ready);

  assert.equal(run.code, 2);
  assert.deepEqual(run.calls, []);
  assert.match(run.stderr, /usage: infra\/preflight\.sh LOCATION COUNT/);
});

test('an instructor who may not give learners access (Contributor alone) is told before the class, with the roles that may', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, instructorRoles: [{ role: 'Contributor' }] });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /FIX\s+instructor@school\.example may not give learners access to their resource groups \(roles on the subscription: Contributor\): .*Owner, User Access Administrator or Role Based Access Control Administrator/);
  const list = run.calls.find((call) => call.join(' ').startsWith('role assignment list'));
  assert.ok(list, 'the role assignments are read');
  assert.equal(optionOf(list, '--scope'), `/subscriptions/${aSubscription.id}`);
  assert.ok(list.includes('--include-inherited') && list.includes('--include-groups'), 'inherited and group assignments count');
});

test('a role that may give access counts whether assigned directly or through a group', async () => {
  for (const role of ['User Access Administrator', 'Role Based Access Control Administrator']) {
    const run = await runWithStandInAz(SCRIPT, ['westeurope', '12'], { ...ready, instructorRoles: [{ role: 'Contributor' }, { role, throughGroup: true }] });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, new RegExp(`ok\\s+instructor@school\\.example may give learners access \\(${role}\\)`));
  }
});
