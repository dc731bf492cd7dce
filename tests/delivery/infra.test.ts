// infra/main.bicep cannot be deployed (or compiled: no Bicep CLI here) from this machine. Its
// settings are checked against the code that reads them, so a renamed setting cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { APP_SETTING_NAMES } from '../../app/config';
import { FINANCE_SETTING_NAMES } from '../../finance-stub/config';

const bicep = fs.readFileSync(path.resolve(__dirname, '../../infra/main.bicep'), 'utf8');
/** App Service's own settings, read by the platform rather than by our code. */
const PLATFORM = ['WEBSITES_PORT', 'DOCKER_ENABLE_CI', 'DOCKER_REGISTRY_SERVER_URL', 'DOCKER_REGISTRY_SERVER_USERNAME', 'DOCKER_REGISTRY_SERVER_PASSWORD'];

function siteBlock(resource: string): string {
  const start = bicep.indexOf(`resource ${resource} 'Microsoft.Web/sites@`);
  assert.ok(start >= 0, `resource ${resource}`);
  const next = bicep.indexOf('\nresource ', start + 1);
  return bicep.slice(start, next < 0 ? undefined : next);
}

const settingNames = (block: string) => [...block.matchAll(/\{ name: '([A-Z0-9_]+)', value: /g)].map((m) => m[1] ?? '');

test('every app setting in the app\'s Web App is one the app reads, and the documented ones are all there', () => {
  const names = settingNames(siteBlock('app'));
  for (const name of names.filter((n) => !PLATFORM.includes(n))) assert.ok(APP_SETTING_NAMES.includes(name), `${name} is read by app/config.ts`);
  for (const name of ['FINANCE_PACKAGE_URL', 'SCHEDULED_JOB_INTERVAL_SECONDS', 'DB_SERVER_NAME', 'DATABASE_NAME', 'DATABASE_USER',
    'DATABASE_PASSWORD', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'FINANCE_API_KEY']) {
    assert.ok(names.includes(name), `the app is given ${name}`);
  }
});

test('every app setting in the finance package\'s Web App is one it reads, and the documented ones are there', () => {
  const names = settingNames(siteBlock('finance'));
  for (const name of names.filter((n) => !PLATFORM.includes(n))) assert.ok(FINANCE_SETTING_NAMES.includes(name), `${name} is read by finance-stub/config.ts`);
  for (const name of ['APP_URL', 'FINANCE_API_KEY', 'TIME_SCALE', 'APPLICATIONINSIGHTS_CONNECTION_STRING']) assert.ok(names.includes(name), name);
});

test('both Web Apps run the images the deploy pipeline pushes, on the port the image exposes, with a health check', () => {
  assert.match(siteBlock('app'), /linuxFxVersion: 'DOCKER\|\$\{imagePrefix\}\/order-processing-app:\$\{imageTag\}'/);
  assert.match(siteBlock('finance'), /linuxFxVersion: 'DOCKER\|\$\{imagePrefix\}\/order-processing-finance-package:\$\{imageTag\}'/);
  for (const site of ['app', 'finance']) {
    assert.match(siteBlock(site), /healthCheckPath: '\/healthz'/);
    assert.match(siteBlock(site), /\{ name: 'WEBSITES_PORT', value: '8080' \}/);
    // Continuous deployment: the Deployment Center's webhook, which the pipelines call, pulls the new image.
    assert.match(siteBlock(site), /\{ name: 'DOCKER_ENABLE_CI', value: 'true' \}/, `${site}: continuous deployment is on`);
  }
  assert.match(fs.readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8'), /^EXPOSE 8080$/m);
});

test('the database is capped at 100 MB, Application Insights is workspace-based, secrets are secure parameters', () => {
  assert.match(bicep, /maxSizeBytes: 104857600/);
  assert.match(bicep, /WorkspaceResourceId: workspace\.id/);
  for (const secret of ['sqlAdminPassword', 'financeApiKey', 'registryPassword']) assert.match(bicep, new RegExp(`@secure\\(\\)\\s+param ${secret} string`));
  assert.doesNotMatch(bicep, /InstrumentationKey=/, 'no key in the template: the connection string comes from the resource');
});

test('both Web Apps pull with the registry credentials, say they are Linux containers, and allow SCM basic auth unless told not to', () => {
  for (const site of ['app', 'finance']) {
    const block = siteBlock(site);
    assert.match(block, /kind: 'app,linux,container'/, `${site}: kind`);
    assert.match(block, /\{ name: 'DOCKER_REGISTRY_SERVER_URL', value: registryUrl \}/, `${site}: registry URL`);
    assert.match(block, /\{ name: 'DOCKER_REGISTRY_SERVER_USERNAME', value: registryUsername \}/, `${site}: registry user`);
    assert.match(block, /\{ name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: registryPassword \}/, `${site}: registry password`);
    assert.match(bicep, new RegExp(`'Microsoft\\.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = if \\(scmBasicAuth\\) \\{\\s+parent: ${site}\\s+name: 'scm'\\s+properties: \\{ allow: true \\}`), `${site}: SCM basic auth`);
  }
});

test('globally named resources carry a suffix unique to the resource group, within Azure\'s length limits', () => {
  assert.match(bicep, /var globalPrefix = '\$\{prefix\}-\$\{uniqueString\(resourceGroup\(\)\.id\)\}'/);
  assert.match(bicep, /var appName = '\$\{globalPrefix\}-app'/);
  assert.match(bicep, /var financeName = '\$\{globalPrefix\}-finance'/);
  assert.match(bicep, /resource sqlServer 'Microsoft\.Sql\/servers@[^']+' = \{\s+name: '\$\{globalPrefix\}-sql'/);
  // uniqueString gives 13 characters; learner names are at most 12 (@maxLength); web apps allow 60, SQL servers 63.
  const longest = 'orders-'.length + 12 + 1 + 13 + '-finance'.length;
  assert.ok(longest <= 60, `${longest}`);
});
