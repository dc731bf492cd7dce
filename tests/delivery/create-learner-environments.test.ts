// infra/create-learner-environments.sh run for real, against a stand-in `az` that answers as the
// Azure CLI does and records every call (Azure itself cannot be reached from here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aSubscription, optionOf, parametersOf, runWithStandInAz, uniqueString, type AzWorld } from '../helpers/stand-in-az';
import { makeTempDir } from '../helpers/temp-dir';

const SCRIPT = 'infra/create-learner-environments.sh';
const signedIn: AzWorld = { signedIn: true, subscription: aSubscription };
const secrets = { DOCKERHUB_USERNAME: 'teacher', DOCKERHUB_TOKEN: 'dckr_pat_read_only' };

const classFiles = makeTempDir('class');
/** A class file of the test's own, not there yet. */
const classFileIn = () => path.join(fs.mkdtempSync(path.join(classFiles, 'run-')), 'class.txt');

const callsOf = (calls: string[][], command: string) => calls.filter((call) => call.join(' ').startsWith(command));
/** The app's URL Azure gives a learner: its name carries uniqueString of the resource group's id. */
const appUrlOf = (learner: string) => `https://orders-${learner}-${uniqueString(`/subscriptions/${aSubscription.id}/resourceGroups/rg-orders-${learner}`)}-app.azurewebsites.net`;
const classLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

test('each learner gets a resource group and main.bicep deployed with the registry credentials, and the class file lists their app URLs', async () => {
  const classFile = classFileIn();
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFile });

  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(callsOf(run.calls, 'group create').map((call) => optionOf(call, '--name')), ['rg-orders-alice', 'rg-orders-bob']);
  const deployments = callsOf(run.calls, 'deployment group create');
  assert.deepEqual(deployments.map((call) => optionOf(call, '--resource-group')), ['rg-orders-alice', 'rg-orders-bob']);
  const { sqlAdminPassword, financeApiKey, ...others } = parametersOf(run, deployments[0] ?? []);
  assert.deepEqual(others, {
    learner: 'alice', imageOwner: 'teacher', registryServer: 'index.docker.io', registryUsername: 'teacher',
    registryPassword: 'dckr_pat_read_only', scmBasicAuth: 'true',
  });
  assert.ok(sqlAdminPassword && financeApiKey, 'a SQL password and a finance key are given');
  const lines = classLines(classFile);
  assert.deepEqual(lines, [`alice=${appUrlOf('alice')}`, `bob=${appUrlOf('bob')}`]);
  assert.ok(run.stdout.includes(classFile), `the class file's path is printed:\n${run.stdout}`);
  assert.match(run.stdout, /alice\s+created\s+https:\/\/orders-alice-/);
});

/** Azure SQL's rules for an administrator password: 8-128 characters, three of the four classes, not the login. */
function azureSqlAccepts(password: string, login: string): boolean {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(password)).length;
  return password.length >= 8 && password.length <= 128 && classes >= 3 && !password.toLowerCase().includes(login.toLowerCase());
}

test('each learner gets a SQL password and a finance key of their own, strong, never printed nor written to the class file', async () => {
  const classFile = classFileIn();
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFile });

  assert.equal(run.code, 0, run.stderr);
  const [alice = {}, bob = {}] = callsOf(run.calls, 'deployment group create').map((call) => parametersOf(run, call));
  for (const name of ['sqlAdminPassword', 'financeApiKey']) {
    assert.ok((alice[name] ?? '').length >= 32, `${name}: ${alice[name]}`);
    assert.notEqual(alice[name], bob[name], `alice and bob have different ${name}s`);
  }
  for (const password of [alice.sqlAdminPassword, bob.sqlAdminPassword]) assert.ok(azureSqlAccepts(password ?? '', 'orderadmin'), `Azure SQL accepts ${password}`);
  const shown = `${run.stdout}${run.stderr}${fs.readFileSync(classFile, 'utf8')}`;
  for (const secret of [alice.sqlAdminPassword, alice.financeApiKey, bob.sqlAdminPassword, bob.financeApiKey]) {
    assert.ok(secret && !shown.includes(secret), `${secret} is neither printed nor in the class file`);
  }
  const again = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, { ...secrets, CLASS_FILE: classFile });
  assert.notEqual(parametersOf(again, callsOf(again.calls, 'deployment group create')[0] ?? []).sqlAdminPassword, alice.sqlAdminPassword, 'generated afresh, not derived');
});

test('no secret is on an az command line, where anyone on the machine can read it (ps): they go in a parameters file only the instructor can read, removed after the run', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 0, run.stderr);
  const deployments = callsOf(run.calls, 'deployment group create');
  const secretsGiven = deployments.flatMap((call) => {
    const { sqlAdminPassword = '', financeApiKey = '', registryPassword = '' } = parametersOf(run, call);
    return [sqlAdminPassword, financeApiKey, registryPassword];
  });
  assert.equal(secretsGiven.filter(Boolean).length, 6, 'both deployments get all three secrets');
  for (const call of run.calls) {
    for (const secret of secretsGiven) assert.ok(!call.join(' ').includes(secret), `${secret} is not in: az ${call.join(' ').slice(0, 80)}…`);
  }
  assert.equal(run.parameterFiles.length, 2, 'one parameters file per deployment');
  for (const file of run.parameterFiles) {
    assert.equal(file.mode & 0o077, 0, `${file.path} is the instructor's alone (mode ${file.mode.toString(8)})`);
    assert.ok(!fs.existsSync(file.path), `${file.path} is removed after the run`);
  }
  assert.deepEqual(run.parameterFiles[1]?.earlierLeft, [], "alice's file is gone as soon as her deployment returns, before bob's");
});

test('a registry token with quotes and backslashes reaches the deployment as it is; one with a control character is refused first', async () => {
  const token = 'dckr_pat_a"b\\c\'d';
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, { ...secrets, DOCKERHUB_TOKEN: token, CLASS_FILE: classFileIn() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(parametersOf(run, callsOf(run.calls, 'deployment group create')[0] ?? []).registryPassword, token);

  const copied = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, { ...secrets, DOCKERHUB_TOKEN: 'dckr_pat_x\r', CLASS_FILE: classFileIn() });
  assert.equal(copied.code, 2);
  assert.match(copied.stderr, /the registry token holds a control character \(a carriage return from a file saved on Windows\?\)/);
  assert.deepEqual(copied.calls, [], 'refused before anything is asked of Azure');
});

test('a policy that denies creating resource groups is named from the text the CLI prints for it, with what to do', async () => {
  const world: AzWorld = { ...signedIn, groupDenyPolicy: { assignment: 'Class rules', definition: 'Require a tag on resource groups' } };
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], world, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /alice\s+FAILED\s+resource group: RequestDisallowedByPolicy: Resource 'rg-orders-alice' was disallowed by policy\. \(policy "Require a tag on resource groups", assigned as "Class rules"\) \(ask your Azure administrator for an exemption/);
});

test('with Azure CLI 2.73 to 2.77, a refused deployment says to upgrade the CLI (those versions hide ARM\'s answer)', async () => {
  const world: AzWorld = { ...signedIn, cliVersion: '2.77.0', denyPolicies: [{ on: 'sql', assignment: 'Security baseline', definition: 'Azure SQL Database should have Microsoft Entra-only authentication enabled during creation' }] };
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], world, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /alice\s+FAILED\s+deployment: your Azure CLI hid ARM's answer .*: run az upgrade, then run this again/);
});

test('a class-wide SQL_ADMIN_PASSWORD or FINANCE_API_KEY is refused before anything is created: each learner has their own', async () => {
  for (const shared of [{ SQL_ADMIN_PASSWORD: 'Sql-Pass-123' }, { FINANCE_API_KEY: 'finance-key' }] as Array<Record<string, string>>) {
    const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, { ...secrets, ...shared, CLASS_FILE: classFileIn() });
    assert.equal(run.code, 2);
    assert.deepEqual(run.calls, []);
    assert.match(run.stderr, new RegExp(`${Object.keys(shared)[0]} is not used any more: each learner's .* generated`));
  }
});

test('a learner given as name=sign-in is given Contributor on their own resource group, and only there', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice=alice@school.example', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 0, run.stderr);
  const assignments = callsOf(run.calls, 'role assignment create');
  assert.equal(assignments.length, 1, 'bob gave no sign-in: no assignment for him');
  const [assignment = []] = assignments;
  assert.equal(optionOf(assignment, '--assignee'), 'alice@school.example');
  assert.equal(optionOf(assignment, '--role'), 'Contributor');
  assert.equal(optionOf(assignment, '--scope'), `/subscriptions/${aSubscription.id}/resourceGroups/rg-orders-alice`);
  assert.match(run.stdout, /alice\s+created.*access: alice@school\.example/);
});

test('a learner whose deployment fails does not stop the others; each outcome is reported and the exit code is 1', async () => {
  const classFile = classFileIn();
  const world: AzWorld = { ...signedIn, failingDeployments: { 'rg-orders-bob': {
    code: 'RegionDoesNotAllowProvisioning', message: "Location 'West Europe' is not accepting creation of new Windows Azure SQL Database servers at this time." } } };
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice', 'bob=bob@school.example', 'carol'], world, { ...secrets, CLASS_FILE: classFile });

  assert.equal(run.code, 1);
  assert.deepEqual(callsOf(run.calls, 'deployment group create').map((call) => optionOf(call, '--resource-group')),
    ['rg-orders-alice', 'rg-orders-bob', 'rg-orders-carol'], 'carol is still created after bob failed');
  assert.equal(callsOf(run.calls, 'role assignment create').length, 0, 'no access is given to an environment that was not created');
  assert.deepEqual(classLines(classFile).map((line) => line.split('=')[0]), ['alice', 'carol']);
  assert.match(run.stdout, /bob\s+FAILED\s+deployment: RegionDoesNotAllowProvisioning: Location 'West Europe' is not accepting/);
  assert.match(run.stdout, /alice\s+created/);
  assert.match(run.stdout, /carol\s+created/);
  assert.match(run.stdout, /1 of 3 learners failed/);
  assert.ok(run.stdout.includes(`${SCRIPT} westeurope bob=bob@school.example`), `the command to run again for bob alone is printed:\n${run.stdout}`);
});

test('a sign-in the directory does not know fails that learner (their environment is kept and listed) and the others go on', async () => {
  const classFile = classFileIn();
  const world: AzWorld = { ...signedIn, unknownSignIns: ['alice@typo.example'] };
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice=alice@typo.example', 'bob=bob@school.example'], world, { ...secrets, CLASS_FILE: classFile });

  assert.equal(run.code, 1);
  assert.deepEqual(classLines(classFile).map((line) => line.split('=')[0]), ['alice', 'bob']);
  assert.match(run.stdout, /alice\s+FAILED\s+access: Cannot find user or service principal in graph database for 'alice@typo\.example'/);
  assert.match(run.stdout, /bob\s+created.*access: bob@school\.example/);
});

test('an instructor who may not create role assignments is told which role they need, not to fix the sign-in', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice=alice@school.example'], { ...signedIn, roleAssignmentsDenied: true }, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 1);
  assert.match(run.stdout, /alice\s+FAILED\s+access: AuthorizationFailed: The client 'instructor@school\.example' .* does not have authorization to perform action 'Microsoft\.Authorization\/roleAssignments\/write'/);
  assert.match(run.stdout, /you may not give access: ask for Owner, User Access Administrator or Role Based Access Control Administrator on the subscription/);
  assert.doesNotMatch(run.stdout, /a sign-in or object ID the directory knows/);
});

test('a learner name Azure would refuse is reported as a failure, not skipped in silence', async () => {
  const classFile = classFileIn();
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'Alice!', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFile });

  assert.equal(run.code, 1);
  assert.equal(callsOf(run.calls, 'group create').length, 1);
  assert.match(run.stdout, /Alice!\s+FAILED\s+name: use 3-12 lowercase letters or digits/);
  assert.deepEqual(classLines(classFile).map((line) => line.split('=')[0]), ['bob']);
});

test('the learner name "preflight" is refused: pre-flight\'s scratch groups are named after it', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'preflight', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 1);
  assert.deepEqual(callsOf(run.calls, 'group create').map((call) => optionOf(call, '--name')), ['rg-orders-bob']);
  assert.match(run.stdout, /preflight\s+FAILED\s+name: "preflight" is kept for infra\/preflight\.sh: choose another/);
});

test('a learner given as "name=" with no sign-in is reported, not created without access in silence', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice=', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 1);
  assert.deepEqual(callsOf(run.calls, 'group create').map((call) => optionOf(call, '--name')), ['rg-orders-bob']);
  assert.match(run.stdout, /alice=\s+FAILED\s+sign-in: nothing after "alice=": give the learner's sign-in or object ID, or "alice" alone for no access/);
});

test('another registry without its own password is refused: the Docker Hub token is not sent to it', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, { ...secrets, REGISTRY_SERVER: 'classimages.azurecr.io', REGISTRY_USERNAME: 'classimages', CLASS_FILE: classFileIn() });

  assert.equal(run.code, 2);
  assert.deepEqual(run.calls, []);
  assert.match(run.stderr, /REGISTRY_SERVER is classimages\.azurecr\.io: set REGISTRY_PASSWORD .*the Docker Hub token is not sent to another registry/);
});

test('when nobody is signed in it stops before creating anything and says to run az login', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], { ...signedIn, signedIn: false }, { ...secrets, CLASS_FILE: classFileIn() });

  assert.equal(run.code, 1);
  assert.deepEqual(run.calls.map((call) => call.slice(0, 2).join(' ')), ['account show']);
  assert.match(run.stderr, /az login/);
});

test('without a registry token it refuses to start and says why the sites need one', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, { ...secrets, DOCKERHUB_TOKEN: '', CLASS_FILE: classFileIn() });

  assert.equal(run.code, 2);
  assert.deepEqual(run.calls, []);
  assert.match(run.stderr, /DOCKERHUB_TOKEN/);
  assert.match(run.stderr, /rate limit/);
});

test('a run for some learners keeps the class file\'s other lines and replaces theirs', async () => {
  const classFile = classFileIn();
  fs.writeFileSync(classFile, 'alice=https://alice.example\nbob=https://old-bob.example\n');
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'bob'], signedIn, { ...secrets, CLASS_FILE: classFile });

  assert.equal(run.code, 0, run.stderr);
  const lines = classLines(classFile);
  assert.equal(lines[0], 'alice=https://alice.example');
  assert.equal(lines[1], `bob=${appUrlOf('bob')}`);
  assert.equal(lines.length, 2);
});

test('an Azure Container Registry replaces Docker Hub when REGISTRY_SERVER names one', async () => {
  const run = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], signedIn, {
    ...secrets, DOCKERHUB_TOKEN: '', REGISTRY_SERVER: 'classimages.azurecr.io', REGISTRY_USERNAME: 'classimages', REGISTRY_PASSWORD: 'acr-password', CLASS_FILE: classFileIn(),
  });

  assert.equal(run.code, 0, run.stderr);
  const [deployment = []] = callsOf(run.calls, 'deployment group create');
  const parameters = parametersOf(run, deployment);
  assert.equal(parameters.registryServer, 'classimages.azurecr.io');
  assert.equal(parameters.registryUsername, 'classimages');
  assert.equal(parameters.registryPassword, 'acr-password');
  assert.equal(parameters.imageOwner, 'teacher');
});

test('with SCM_BASIC_AUTH=off the template leaves SCM basic auth alone, so a policy that denies it does not stop the class', async () => {
  const world: AzWorld = { ...signedIn, denyPolicies: [{ on: 'scm', assignment: 'Security baseline', definition: 'App Service apps should have local authentication methods disabled for SCM site deployments' }] };
  const denied = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], world, { ...secrets, CLASS_FILE: classFileIn() });
  const allowed = await runWithStandInAz(SCRIPT, ['westeurope', 'alice'], world, { ...secrets, SCM_BASIC_AUTH: 'off', CLASS_FILE: classFileIn() });

  assert.equal(denied.code, 1);
  assert.match(denied.stdout, /alice\s+FAILED\s+deployment: .*RequestDisallowedByPolicy/);
  assert.match(denied.stdout, /SCM_BASIC_AUTH=off/, 'the failure says what to do');
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(parametersOf(allowed, callsOf(allowed.calls, 'deployment group create')[0] ?? []).scmBasicAuth, 'false');
});
