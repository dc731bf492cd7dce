// infra/main.bicep cannot be compiled or deployed from this machine (no Bicep compiler can run here,
// no Azure: docs/delivery.md says why). What can run does: the template is read with the Bicep grammar
// (tree-sitter-bicep), every resource is checked against Azure's published deployment schema for its
// type and API version (tests/delivery/arm-schemas), and its settings against the code that reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { APP_SETTING_NAMES } from '../../app/config';
import { FINANCE_SETTING_NAMES } from '../../finance-stub/config';
import { readBicep, valueAt, type BicepResource, type BicepTemplate, type BicepValue } from '../helpers/bicep-template';
import { schemaProblems, type ArmSchemas } from '../helpers/arm-schema';
import { aSubscription, evaluateTemplate, uniqueString } from '../helpers/stand-in-az';

const source = fs.readFileSync(path.resolve(__dirname, '../../infra/main.bicep'), 'utf8');
const schemas = JSON.parse(fs.readFileSync(path.join(__dirname, 'arm-schemas/arm-schemas.json'), 'utf8')) as ArmSchemas;
/** App Service's own settings, read by the platform rather than by our code. */
const PLATFORM = ['WEBSITES_PORT', 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', 'DOCKER_ENABLE_CI', 'DOCKER_REGISTRY_SERVER_URL', 'DOCKER_REGISTRY_SERVER_USERNAME', 'DOCKER_REGISTRY_SERVER_PASSWORD'];

let parsed: Promise<BicepTemplate> | undefined;
const template = () => (parsed ??= readBicep(source));

async function resource(symbol: string): Promise<BicepResource> {
  const found = (await template()).resources.find((r) => r.symbol === symbol);
  assert.ok(found, `main.bicep declares resource ${symbol}`);
  return found;
}

/** The template worked out as ARM would for one deployment: its resources' names, and any expression. */
const deployed = (parameters: Record<string, string>, group = 'rg-orders-alice', subscription = aSubscription.id) =>
  evaluateTemplate(source, { learner: 'alice', imageOwner: 'teacher', registryUsername: 'teacher', registryPassword: 'token', ...parameters },
    `/subscriptions/${subscription}/resourceGroups/${group}`);

const text = (value: BicepValue | undefined) => (value?.kind === 'literal' ? value.value : value?.kind === 'expression' ? value.text : undefined);

/** A Web App's app settings, name → the value's source (a literal, or the expression's text). */
async function appSettings(symbol: string): Promise<Map<string, string | number | boolean | undefined>> {
  const list = valueAt((await resource(symbol)).body, 'properties.siteConfig.appSettings');
  assert.equal(list?.kind, 'array', `${symbol}: properties.siteConfig.appSettings is a list`);
  return new Map(list.kind === 'array' ? list.items.map((item) => [String(text(valueAt(item, 'name'))), text(valueAt(item, 'value'))]) : []);
}

test('main.bicep reads under the Bicep grammar without a syntax error, and a brace left open would be found and placed', async () => {
  assert.deepEqual((await template()).syntaxErrors, []);
  const broken = await readBicep(source.replace("properties: { allow: true }", 'properties: { allow: true'));
  assert.ok(broken.syntaxErrors.length > 0, 'the grammar reports the open brace');
  const line = source.slice(0, source.indexOf("resource appScmBasicAuth")).split('\n').length;
  assert.match(broken.syntaxErrors[0] ?? '', new RegExp(`^${line}:`), `reported at the resource it breaks (line ${line}): ${broken.syntaxErrors.join('; ')}`);
});

test('every resource has a published Azure schema for its type and API version, and sets only what that schema declares, as it allows', async () => {
  const { resources } = await template();
  assert.ok(resources.length >= 10, `${resources.length} resources read`);
  assert.deepEqual(resources.flatMap((r) => schemaProblems(r, schemas)), []);
});

test('every resource uses a stable API version: a preview one may change or go away', async () => {
  const previews = (await template()).resources.filter((r) => /preview/i.test(r.apiVersion)).map((r) => `${r.symbol}: ${r.type}@${r.apiVersion}`);
  assert.deepEqual(previews, []);
});

test('the schema check catches a misspelt property, a value outside an enum or of the wrong type, a wrong child name and a missing required property', async () => {
  const problemsAfter = async (from: string, to: string) => {
    assert.ok(source.includes(from), from);
    return (await readBicep(source.replace(from, to))).resources.flatMap((r) => schemaProblems(r, schemas)).join('\n');
  };
  assert.match(await problemsAfter("healthCheckPath: '/healthz'", "healthCheckPat: '/healthz'"), /app\.properties\.siteConfig\.healthCheckPat: not a property the schema declares/);
  assert.match(await problemsAfter("sku: { name: 'PerGB2018' }", "sku: { name: 'PerGB' }"), /workspace\.properties\.sku\.name .*"PerGB" is not one of/);
  assert.match(await problemsAfter('alwaysOn: true', "alwaysOn: 'yes'"), /app\.properties\.siteConfig\.alwaysOn .*is not of type boolean/);
  assert.match(await problemsAfter("name: 'scm'", "name: 'scmx'"), /appScmBasicAuth\.name .*"parent\/scmx" does not match \^\.\*\/scm\$/);
  assert.match(await problemsAfter('properties: { allow: true }', 'properties: { allowed: true }'), /appScmBasicAuth\.properties\.allow: required by the schema, missing/);
});

test('every app setting in the app\'s Web App is one the app reads, and the documented ones are all there', async () => {
  const names = [...(await appSettings('app')).keys()];
  for (const name of names.filter((n) => !PLATFORM.includes(n))) assert.ok(APP_SETTING_NAMES.includes(name), `${name} is read by app/config.ts`);
  for (const name of ['FINANCE_PACKAGE_URL', 'SCHEDULED_JOB_INTERVAL_SECONDS', 'DB_SERVER_NAME', 'DATABASE_NAME', 'DATABASE_USER',
    'DATABASE_PASSWORD', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'FINANCE_API_KEY']) {
    assert.ok(names.includes(name), `the app is given ${name}`);
  }
});

test('every app setting in the finance package\'s Web App is one it reads, and the documented ones are there', async () => {
  const names = [...(await appSettings('finance')).keys()];
  for (const name of names.filter((n) => !PLATFORM.includes(n))) assert.ok(FINANCE_SETTING_NAMES.includes(name), `${name} is read by finance-stub/config.ts`);
  for (const name of ['APP_URL', 'FINANCE_API_KEY', 'TIME_SCALE', 'APPLICATIONINSIGHTS_CONNECTION_STRING']) assert.ok(names.includes(name), name);
});

test('both Web Apps run the images the deploy pipeline pushes, as Linux containers, on the port the image exposes, with a health check', async () => {
  for (const [site, image] of [['app', 'order-processing-app'], ['finance', 'order-processing-finance-package']] as const) {
    const { body } = await resource(site);
    const linuxFxVersion = String(text(valueAt(body, 'properties.siteConfig.linuxFxVersion')));
    assert.equal(deployed({}).evaluate(linuxFxVersion), `DOCKER|teacher/${image}:latest`);
    assert.equal(deployed({ imageTag: '3f9c2a7' }).evaluate(linuxFxVersion), `DOCKER|teacher/${image}:3f9c2a7`);
    assert.equal(text(valueAt(body, 'kind')), 'app,linux,container', `${site}: the kind App Service gives a Linux container app`);
    assert.equal(text(valueAt(body, 'properties.siteConfig.healthCheckPath')), '/healthz');
    const settings = await appSettings(site);
    assert.equal(settings.get('WEBSITES_PORT'), '8080');
    // Continuous deployment: the Deployment Center's webhook, which the pipelines call, pulls the new image.
    assert.equal(settings.get('DOCKER_ENABLE_CI'), 'true', `${site}: continuous deployment is on`);
  }
  assert.match(fs.readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8'), /^EXPOSE 8080$/m);
});

test('unsent telemetry is kept under /home, which App Service storage is on for: a share the container may write, kept across restarts', async () => {
  for (const site of ['app', 'finance']) {
    const settings = await appSettings(site);
    assert.match(String(settings.get('TELEMETRY_STORAGE_DIRECTORY')), /^\/home\//, site);
    // Left unset, the default is disputed (true by the documentation, false in apps the portal creates),
    // and without the share /home is the image's, where the container's user may not create a folder.
    assert.equal(settings.get('WEBSITES_ENABLE_APP_SERVICE_STORAGE'), 'true', site);
  }
});

test('both Web Apps pull with the registry credentials, Docker Hub by default or the registry named', async () => {
  const dockerHub = deployed({});
  const acr = deployed({ registryServer: 'classimages.azurecr.io', registryUsername: 'classimages', registryPassword: 'acr-password' });
  for (const [site, image] of [['app', 'order-processing-app'], ['finance', 'order-processing-finance-package']] as const) {
    const settings = await appSettings(site);
    const pull = (deployment: typeof dockerHub) => ['DOCKER_REGISTRY_SERVER_URL', 'DOCKER_REGISTRY_SERVER_USERNAME', 'DOCKER_REGISTRY_SERVER_PASSWORD']
      .map((name) => deployment.evaluate(String(settings.get(name))));
    assert.deepEqual(pull(dockerHub), ['https://index.docker.io/v1', 'teacher', 'token'], site);
    assert.deepEqual(pull(acr), ['https://classimages.azurecr.io', 'classimages', 'acr-password'], site);
    const linuxFxVersion = String(text(valueAt((await resource(site)).body, 'properties.siteConfig.linuxFxVersion')));
    assert.equal(acr.evaluate(linuxFxVersion), `DOCKER|classimages.azurecr.io/teacher/${image}:latest`);
  }
});

test('SCM basic-auth publishing credentials are allowed on both Web Apps unless scmBasicAuth is false', async () => {
  for (const [policy, site] of [['appScmBasicAuth', 'app'], ['financeScmBasicAuth', 'finance']] as const) {
    const { type, condition, body } = await resource(policy);
    assert.equal(type, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    assert.equal(condition, '(scmBasicAuth)');
    assert.equal(text(valueAt(body, 'parent')), site);
    assert.equal(text(valueAt(body, 'name')), 'scm');
    assert.equal(text(valueAt(body, 'properties.allow')), true);
  }
  const { parameters } = await template();
  assert.equal(parameters.get('scmBasicAuth')?.type, 'bool');
  assert.equal(text(parameters.get('scmBasicAuth')?.defaultValue), true);
});

/** Azure's naming rules for the top-level resources the template creates: length, and characters. */
const NAME_RULES: Record<string, { max: number; pattern: RegExp }> = {
  'Microsoft.Web/sites': { max: 60, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/ },
  'Microsoft.Sql/servers': { max: 63, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/ },
  'Microsoft.Web/serverfarms': { max: 60, pattern: /^[a-zA-Z0-9-]+$/ },
  'Microsoft.OperationalInsights/workspaces': { max: 63, pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/ },
  'Microsoft.Insights/components': { max: 260, pattern: /^[^%&\\?/]+$/ },
};

test('web app and SQL server names carry a suffix unique to the resource group, and the longest learner\'s names are within Azure\'s limits', async () => {
  const { parameters } = await template();
  const maxLength = Number(/@maxLength\((\d+)\)/.exec(parameters.get('learner')?.decorators.join(' ') ?? '')?.[1]);
  const longestLearner = 'abcdefghijklmnopqrstuvwxyz0123456789'.slice(0, maxLength);
  assert.ok(longestLearner.length === maxLength, `learner names have at most ${maxLength} characters`);
  const group = `rg-orders-${longestLearner}`;
  const { resources } = deployed({ learner: longestLearner }, group);
  const topLevel = resources.filter((r) => r.type.split('/').length === 2);
  assert.deepEqual(topLevel.map((r) => r.type).sort(), Object.keys(NAME_RULES).concat('Microsoft.Web/sites').sort());
  for (const { symbol, type, name } of topLevel) {
    const rule = NAME_RULES[type];
    assert.ok(rule && name.length <= rule.max && rule.pattern.test(name), `${symbol}: "${name}" (${name.length} characters) for ${type}`);
  }
  // The global names (*.azurewebsites.net, *.database.windows.net) carry uniqueString of the group's id.
  const suffix = uniqueString(`/subscriptions/${aSubscription.id}/resourceGroups/${group}`);
  const named = (symbol: string) => resources.find((r) => r.symbol === symbol)?.name;
  assert.deepEqual(['app', 'finance', 'sqlServer'].map(named),
    [`orders-${longestLearner}-${suffix}-app`, `orders-${longestLearner}-${suffix}-finance`, `orders-${longestLearner}-${suffix}-sql`]);
  // Another class's "alice", in another subscription, does not collide; a second run names the same.
  const elsewhere = deployed({}, 'rg-orders-alice', '55555555-6666-7777-8888-999999999999').resources;
  const here = deployed({}).resources;
  for (const symbol of ['app', 'finance', 'sqlServer']) {
    assert.notEqual(elsewhere.find((r) => r.symbol === symbol)?.name, here.find((r) => r.symbol === symbol)?.name, symbol);
    assert.equal(deployed({}).resources.find((r) => r.symbol === symbol)?.name, here.find((r) => r.symbol === symbol)?.name, symbol);
  }
});

test('the database is capped at 100 MB, Application Insights is workspace-based, secrets are secure parameters', async () => {
  assert.equal(text(valueAt((await resource('database')).body, 'properties.maxSizeBytes')), 104857600);
  assert.equal(text(valueAt((await resource('insights')).body, 'properties.WorkspaceResourceId')), 'workspace.id');
  const { parameters } = await template();
  for (const secret of ['sqlAdminPassword', 'financeApiKey', 'registryPassword']) {
    assert.ok(parameters.get(secret)?.decorators.includes('@secure()'), `${secret} is @secure()`);
  }
  assert.doesNotMatch(source, /InstrumentationKey=/, 'no key in the template: the connection string comes from the resource');
});
