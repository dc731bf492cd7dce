// infra/arm-errors.sh's cause_of_failure, run under bash on what the Azure CLI writes to stderr in
// each of its layouts (azure-cli's resource module and azure-core's error text, read from their
// source), so both infra scripts report ARM's innermost cause and not the CLI's wrapping of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/temp-dir';

const root = path.resolve(__dirname, '../..');
const folder = makeTempDir('arm-errors');

/** What cause_of_failure says of `stderr`. */
function causeOf(stderr: string): string {
  const file = path.join(folder, `stderr-${fs.readdirSync(folder).length}.txt`);
  fs.writeFileSync(file, stderr);
  return execFileSync('bash', ['-c', `source "${root}/infra/arm-errors.sh"; cause_of_failure "$1"`, 'bash', file], { encoding: 'utf8' });
}

const policyInfo = (definition: string, assignment: string) =>
  `{"type": "PolicyViolation", "info": {"policyDefinitionDisplayName": ${JSON.stringify(definition)}, "policyDefinitionEffect": "Deny", "policyAssignmentDisplayName": ${JSON.stringify(assignment)}}}`;
const identifiers = `Policy identifiers: '[{\\"policyAssignment\\":{\\"name\\":\\"c8bc923d\\"},\\"policyDefinition\\":{\\"name\\":\\"3e763955\\"}}]'.`;

test('a refused validation (JSON, then "Inner Errors:"): the detail\'s code and message, the policy named by its display names', () => {
  const stderr = `ERROR: {"code": "InvalidTemplateDeployment", "message": "The template deployment failed because of policy violation. Please see details for more information."}

Inner Errors: 
{"code": "RequestDisallowedByPolicy", "target": "orders-alice-x-sql", "message": "Resource 'orders-alice-x-sql' was disallowed by policy. ${identifiers}", "additionalInfo": [${policyInfo('Require a "cost-centre" tag', 'Class rules')}]}
`;
  assert.equal(causeOf(stderr), `RequestDisallowedByPolicy: Resource 'orders-alice-x-sql' was disallowed by policy. (policy "Require a "cost-centre" tag", assigned as "Class rules")`);
});

test('two refused resources: each name stays with its own refusal (the last, here without display names)', () => {
  const stderr = `ERROR: {"code": "InvalidTemplateDeployment", "message": "The template deployment failed because of policy violation."}

Inner Errors: 
{"code": "RequestDisallowedByPolicy", "target": "a/scm", "message": "Resource 'a/scm' was disallowed by policy. ${identifiers}", "additionalInfo": [${policyInfo('No SCM', 'Baseline')}]}

Inner Errors: 
{"code": "RequestDisallowedByPolicy", "target": "b-sql", "message": "Resource 'b-sql' was disallowed by policy. ${identifiers}"}
`;
  const cause = causeOf(stderr);
  assert.match(cause, /^RequestDisallowedByPolicy: Resource 'b-sql' was disallowed by policy\. Policy identifiers:/);
  assert.doesNotMatch(cause, /No SCM/);
});

test('a failed deployment (JSON status): the innermost detail under DeploymentFailed', () => {
  const stderr = `ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","target":"/subscriptions/s/resourceGroups/rg-orders-bob/providers/Microsoft.Resources/deployments/orders-environment","message":"At least one resource deployment operation failed.","details":[{"code":"RegionDoesNotAllowProvisioning","message":"Location 'West Europe' is not accepting creation of new Windows Azure SQL Database servers at this time."}]}}\n`;
  assert.equal(causeOf(stderr), "RegionDoesNotAllowProvisioning: Location 'West Europe' is not accepting creation of new Windows Azure SQL Database servers at this time.");
});

test('azure-core\'s text for a plain command: Code and Message, the policy named from its Info block', () => {
  const message = `Resource 'rg-orders-alice' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"c8bc923d"}}]'.`;
  const stderr = `ERROR: (RequestDisallowedByPolicy) ${message}
Code: RequestDisallowedByPolicy
Message: ${message}
Target: rg-orders-alice
Additional Information:Type: PolicyViolation
Info: {
    "policyDefinitionDisplayName": "Require a tag on resource groups",
    "policyDefinitionEffect": "Deny",
    "policyAssignmentDisplayName": "Class rules"
}
`;
  assert.equal(causeOf(stderr), `RequestDisallowedByPolicy: Resource 'rg-orders-alice' was disallowed by policy. (policy "Require a tag on resource groups", assigned as "Class rules")`);
});

test('azure-core\'s text with nested details: the innermost Code and Message (tab-indented after "Exception Details:")', () => {
  const stderr = `ERROR: (InvalidTemplateDeployment) The template deployment failed.
Code: InvalidTemplateDeployment
Message: The template deployment failed.
Exception Details:\t(SkuNotAvailable) The requested size is not available in location 'westeurope'.
\tCode: SkuNotAvailable
\tMessage: The requested size is not available in location 'westeurope'.
`;
  assert.equal(causeOf(stderr), "SkuNotAvailable: The requested size is not available in location 'westeurope'.");
});

test('the "Code - message" lines the CLI prints when a validation result carries its error: the last one', () => {
  const stderr = `ERROR: InvalidTemplateDeployment - The template deployment failed because of policy violation. Please see details for more information.
RequestDisallowedByPolicy - Resource 'orders-alice-x-sql' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"c8bc923d"}}]'.
`;
  assert.match(causeOf(stderr), /^RequestDisallowedByPolicy: Resource 'orders-alice-x-sql' was disallowed by policy\./);
});

test('the CLI\'s warnings (a new Bicep release, linter notes) are never taken for the cause', () => {
  const stderr = `WARNING: A new Bicep release is available: v0.39.26. Upgrade now by running "az bicep upgrade".
WARNING: /work/infra/main.bicep(40,7) : Warning no-unused-params: Parameter "x" is declared but never used.
ERROR: /work/infra/main.bicep(12,5) : Error BCP018: Expected the "=" character at this location.
`;
  assert.equal(causeOf(stderr), '/work/infra/main.bicep(12,5) : Error BCP018: Expected the "=" character at this location.');
});

test('CLI 2.73 to 2.77, which hide ARM\'s answer: the cause is the CLI, and what to do', () => {
  assert.equal(causeOf('ERROR: The content for this response was already consumed\n'),
    'your Azure CLI hid ARM\'s answer ("The content for this response was already consumed", a bug of Azure CLI 2.73 to 2.77): run az upgrade, then run this again');
});
