// The Azure CLI as the infra scripts meet it, for tests that cannot reach Azure: `az` on PATH runs
// this file (see stand-in-az.ts). It records every call, then answers from a described "world"
// (signed in or not, a refused region, a denying policy, a learner whose deployment fails) with the
// JSON shapes of Microsoft's CLI and REST reference, and applies `--query` (real JMESPath, as the
// CLI does) and `--output json|tsv|none` the way the CLI does. Failures go to stderr as `ERROR: …`
// with exit code 1, as the CLI prints them.
//
// It checks what Azure would check of the deployment itself: the parameters given must be the
// template's (none unknown, none required missing), and only the outputs the template declares come
// back, worked out from the template's own expressions with ARM's uniqueString (bicep-names.cjs); so
// a script that drifts from main.bicep fails here as it would in Azure.
'use strict';
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const jmespath = require('jmespath');
const { evaluateTemplate } = require('./bicep-names.cjs');

const [worldFile, callsFile, ...argv] = process.argv.slice(2);
const world = JSON.parse(fs.readFileSync(worldFile, 'utf8'));
fs.appendFileSync(callsFile, `${JSON.stringify(argv)}\n`);

const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const sub = world.subscription;

class AzError extends Error {}

/** `--name value` and `--flag` options; the words before the first option are the command. */
function parse(args) {
  const words = [];
  const options = {};
  let i = 0;
  while (i < args.length && !args[i].startsWith('-')) words.push(args[i++]);
  while (i < args.length) {
    const name = args[i++].replace(/^-+/, '');
    const values = [];
    while (i < args.length && !args[i].startsWith('--')) values.push(args[i++]);
    options[name] = values.length === 0 ? true : values.length === 1 ? values[0] : values;
  }
  return { command: words.join(' '), options };
}

function option(options, ...names) {
  for (const name of names) if (options[name] !== undefined) return options[name];
  return undefined;
}

function required(options, ...names) {
  const value = option(options, ...names);
  if (value === undefined || value === true) throw new AzError(`the following arguments are required: --${names[0]}`);
  return value;
}

const groupId = (name) => `/subscriptions/${sub.id}/resourceGroups/${name}`;
const guidOf = (...parts) => {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

const instructorId = guidOf(sub.user);

/** A deployment failure as the CLI prints ARM's error: `{"status":"Failed","error":{…}}`. */
function deploymentFailed(deploymentId, details) {
  return new AzError(JSON.stringify({ status: 'Failed', error: {
    code: 'DeploymentFailed', target: deploymentId,
    message: 'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
    details,
  } }));
}

/** Python's json.dumps as the CLI calls it: ", " and ": " between items, non-ASCII as \\uXXXX. */
function pythonJson(value) {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CLI's version (`world.cliVersion`, newest by default) decides how some errors read. */
const cliVersion = (world.cliVersion ?? '2.80.0').split('.').map(Number);
const cliAtLeast = (major, minor) => cliVersion[0] > major || (cliVersion[0] === major && cliVersion[1] >= minor);

/**
 * A refusal when ARM validates a deployment (`validate`, and `create`, which validates first), as the
 * CLI prints it since 2.24 (resource module's _build_http_response_error_message): the error without
 * its details as one line of JSON, then each detail as "Inner Errors: " and its JSON. Versions 2.73 to
 * 2.77 read the answer twice and print only that it was consumed (azure-cli issues 31581, 32149; fixed
 * in 2.78).
 */
function validationRefused(error) {
  if (cliAtLeast(2, 73) && !cliAtLeast(2, 78)) return new AzError('The content for this response was already consumed');
  // When the validation's result carries the error rather than failing (_build_preflight_error_message):
  // "Code - message", one line for the error and each detail, nothing else.
  if (world.validationErrorAsLines) {
    const lines = (e) => [`${e.code} - ${e.message}`, ...(e.details ?? []).flatMap(lines)];
    return new AzError(lines(error).join('\n'));
  }
  const { details = [], ...rest } = error;
  return new AzError([pythonJson(rest), ...details.map((detail) => `Inner Errors: \n${pythonJson(detail)}`)].join('\n\n'));
}

/**
 * An ARM error as azure-core prints it for a plain command such as `az group create` (ODataV4Format
 * and ARMErrorFormat's __str__): "(code) message", then Code, Message, Target, and each additionalInfo
 * as "Type:" and "Info:" with its JSON indented by 4.
 */
function armErrorText(error) {
  let text = `(${error.code}) ${error.message}\nCode: ${error.code}\nMessage: ${error.message}`;
  if (error.target) text += `\nTarget: ${error.target}`;
  if (error.additionalInfo) {
    text += '\nAdditional Information:';
    for (const info of error.additionalInfo) text += `Type: ${info.type}\nInfo: ${JSON.stringify(info.info, null, 4)}`;
  }
  return new AzError(text);
}

/**
 * ARM's refusal of a resource by a policy with the Deny effect. The message's "Policy identifiers"
 * name the assignment and definition by resource name (a GUID for a built-in definition); the
 * display names are in the additionalInfo, which a world may leave out.
 */
function policyDenial(denial) {
  const definitionName = guidOf(denial.definition);
  const assignmentName = guidOf(denial.assignment).replace(/-/g, '').slice(0, 24);
  const definitionId = `/providers/Microsoft.Authorization/policyDefinitions/${definitionName}`;
  const assignmentId = `/subscriptions/${sub.id}/providers/Microsoft.Authorization/policyAssignments/${assignmentName}`;
  const identifiers = [{ policyAssignment: { name: assignmentName, id: assignmentId }, policyDefinition: { name: definitionName, id: definitionId } }];
  return {
    code: 'RequestDisallowedByPolicy', target: denial.resource,
    message: `Resource '${denial.resource}' was disallowed by policy. Policy identifiers: '${JSON.stringify(identifiers)}'.`,
    ...(world.policyDisplayNamesLeftOut ? {} : { additionalInfo: [{ type: 'PolicyViolation', info: {
      policyDefinitionDisplayName: denial.definition, policyDefinitionId: definitionId, policyDefinitionName: definitionName,
      policyDefinitionEffect: 'Deny', policyAssignmentId: assignmentId, policyAssignmentName: assignmentName,
      policyAssignmentDisplayName: denial.assignment, policyAssignmentScope: `/subscriptions/${sub.id}`, policyAssignmentParameters: {},
      policyExemptionIds: [],
    } }] }),
  };
}

function policyViolation(denials) {
  return validationRefused({
    code: 'InvalidTemplateDeployment',
    message: 'The template deployment failed because of policy violation. Please see details for more information.',
    details: denials.map(policyDenial),
  });
}

/** The parameters main.bicep declares, read as ARM reads the compiled template. */
function templateOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const params = [...text.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)].map((m) => ({ name: m[1], required: !m[2] }));
  return { text, params };
}

/** The resources' names and the outputs, from the template's own expressions (see bicep-names.cjs). */
function evaluated(template, parameters, group) {
  try {
    return evaluateTemplate(template.text, parameters, groupId(group));
  } catch (error) {
    throw new AzError(`{"code": "InvalidTemplate", "message": "${error.message.replace(/"/g, "'")}"}`);
  }
}

/**
 * A parameters file given as `@path`, read as the CLI reads it: ARM's deploymentParameters shape
 * ({"parameters": {"name": {"value": …}}}) or the bare {"name": {"value": …}}. What it held, and who
 * could read it, is recorded beside the calls, as the script deletes it when it is done.
 */
function parametersFromFile(file) {
  let text;
  let mode;
  try {
    text = fs.readFileSync(file, 'utf8');
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    throw new AzError(`Failed to parse --parameters "@${file}": no such file`);
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AzError(`Failed to parse JSON: ${file}: ${error.message}`);
  }
  const entries = Object.entries(parsed.parameters ?? parsed).filter(([name]) => !name.startsWith('$') && name !== 'contentVersion');
  const values = Object.fromEntries(entries.map(([name, entry]) => [name, String(entry.value)]));
  const log = `${callsFile}.parameter-files`;
  const earlier = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).path) : [];
  // Which files given to earlier calls are still on disk when this one is read.
  const earlierLeft = earlier.filter((path) => path !== file && fs.existsSync(path));
  fs.appendFileSync(log, `${JSON.stringify({ path: file, mode, parameters: values, earlierLeft })}\n`);
  return values;
}

function checkedParameters(options, template) {
  const given = {};
  const raw = option(options, 'parameters', 'p') ?? [];
  for (const pair of [].concat(raw)) {
    if (pair.startsWith('@')) {
      Object.assign(given, parametersFromFile(pair.slice(1)));
      continue;
    }
    const at = pair.indexOf('=');
    if (at < 1) throw new AzError(`Failed to parse --parameters "${pair}": use KEY=VALUE pairs`);
    given[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const known = new Set(template.params.map((p) => p.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AzError(`{"code": "InvalidTemplate", "message": "Deployment template validation failed: 'The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${[...known].join(', ')}'.'."}`);
  }
  const missing = template.params.filter((p) => p.required && !(p.name in given)).map((p) => p.name);
  if (missing.length > 0) throw new AzError(`Missing input parameters: ${missing.join(', ')}`);
  return given;
}

/** Which of the world's denying policies this deployment's resources meet. */
function denials(resources, parameters) {
  const named = (type) => resources.find((resource) => resource.type === type)?.name;
  const targets = { sql: named('Microsoft.Sql/servers'), scm: named('Microsoft.Web/sites/basicPublishingCredentialsPolicies') };
  return (world.denyPolicies ?? [])
    .filter((policy) => policy.on !== 'scm' || parameters.scmBasicAuth !== 'false')
    .map((policy) => ({ ...policy, resource: targets[policy.on] }));
}

function deployment(options, { validateOnly }) {
  const group = required(options, 'resource-group', 'g');
  if (!(world.groups ?? []).includes(group) && !createdGroups().includes(group)) {
    throw new AzError(`(ResourceGroupNotFound) Resource group '${group}' could not be found.`);
  }
  const template = templateOf(required(options, 'template-file', 'f'));
  const parameters = checkedParameters(options, template);
  const name = option(options, 'name', 'n') ?? 'main';
  const id = `${groupId(group)}/providers/Microsoft.Resources/deployments/${name}`;
  const { resources, outputs: values } = evaluated(template, parameters, group);
  const denied = denials(resources, parameters);
  if (denied.length > 0) throw policyViolation(denied);
  const failure = (world.failingDeployments ?? {})[group];
  if (failure && !validateOnly) throw deploymentFailed(id, [failure]);
  const outputs = Object.fromEntries(Object.entries(values).map(([output, value]) => [output, { type: 'String', value }]));
  return {
    id, location: null, name,
    properties: {
      correlationId: guidOf(id, 'correlation'), debugSetting: null, dependencies: [], duration: 'PT3M12.5S', error: null,
      mode: 'Incremental', onErrorDeployment: null, outputResources: [], outputs: validateOnly ? null : outputs,
      parameters: Object.fromEntries(Object.keys(parameters).map((key) => [key, { type: 'String' }])),
      parametersLink: null, providers: [], provisioningState: 'Succeeded', templateHash: '1234567890',
      templateLink: null, timestamp: '2026-12-04T09:00:00.000000+00:00', validatedResources: null,
    },
    resourceGroup: group, tags: null, type: 'Microsoft.Resources/deployments',
  };
}

/** Groups created by earlier calls of this run (read back from the calls file). */
function createdGroups() {
  return fs.readFileSync(callsFile, 'utf8').split('\n').filter(Boolean).map((line) => parse(JSON.parse(line)))
    .filter((call) => call.command === 'group create').map((call) => option(call.options, 'name', 'n'));
}

function rest(options) {
  const url = String(required(options, 'url', 'uri', 'u')).replace('{subscriptionId}', sub.id);
  const sqlCapabilities = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Sql\/locations\/([^/?]+)\/capabilities\?/.exec(url);
  if (sqlCapabilities) {
    const region = (world.sqlRegions ?? {})[sqlCapabilities[1]] ?? { status: 'Available' };
    return {
      name: sqlCapabilities[1], status: region.status, reason: region.reason ?? null,
      supportedServerVersions: [{ name: '12.0', status: region.status, supportedEditions: [{ name: 'Basic', status: region.status, supportedServiceLevelObjectives: [] }] }],
      supportedManagedInstanceVersions: [],
    };
  }
  const webUsages = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Web\/locations\/([^/?]+)\/usages\?/.exec(url);
  if (webUsages) {
    const cores = world.appServiceCores === undefined ? { currentValue: 0, limit: 10 } : world.appServiceCores;
    // The API promises no order: another entry comes first, so a script that takes value[0] is caught.
    const other = { unit: 'Count', currentValue: 3, limit: 100, name: { value: 'Sites', localizedValue: 'Sites' } };
    const coresEntry = cores && { unit: 'Core Count', currentValue: cores.currentValue, limit: cores.limit,
      name: { value: `Cores usage in ${webUsages[1]}`, localizedValue: `Cores usage in ${webUsages[1]}` } };
    return { value: coresEntry ? [other, coresEntry] : [other], nextLink: null };
  }
  throw new AzError(`Not Found({"error":{"code":"InvalidResourceType","message":"The stand-in az has no answer for ${url}"}})`);
}

const commands = {
  'account show': () => ({
    environmentName: 'AzureCloud', homeTenantId: sub.tenantId, id: sub.id, isDefault: true, managedByTenants: [],
    name: sub.name, state: sub.state ?? 'Enabled', tenantId: sub.tenantId, user: { name: sub.user, type: 'user' },
  }),
  'provider show': (options) => {
    const namespace = required(options, 'namespace', 'n');
    return { id: `/subscriptions/${sub.id}/providers/${namespace}`, namespace, registrationPolicy: 'RegistrationRequired',
      registrationState: (world.unregisteredProviders ?? []).includes(namespace) ? 'NotRegistered' : 'Registered', resourceTypes: [] };
  },
  'group create': (options) => {
    const name = required(options, 'name', 'n');
    const location = required(options, 'location', 'l');
    if (world.groupDenyPolicy) throw armErrorText(policyDenial({ ...world.groupDenyPolicy, resource: name }));
    return { id: groupId(name), location, managedBy: null, name, properties: { provisioningState: 'Succeeded' }, tags: null,
      type: 'Microsoft.Resources/resourceGroups' };
  },
  'group delete': (options) => {
    required(options, 'name', 'n');
    if (options.yes === undefined && options.y === undefined) throw new AzError('Are you sure you want to perform this operation? (y/n): no standard input');
    return null;
  },
  'deployment group create': (options) => deployment(options, { validateOnly: false }),
  'deployment group validate': (options) => deployment(options, { validateOnly: true }),
  'ad signed-in-user show': () => ({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', displayName: sub.user.split('@')[0],
    id: instructorId, mail: sub.user, userPrincipalName: sub.user,
  }),
  'role assignment list': (options) => {
    const assignee = option(options, 'assignee');
    const scope = option(options, 'scope') ?? `/subscriptions/${sub.id}`;
    if (assignee !== instructorId && assignee !== sub.user) return [];
    // The instructor's roles are on the subscription: seen from below it only with --include-inherited,
    // and those given to a group only with --include-groups.
    const atSubscription = scope === `/subscriptions/${sub.id}`;
    return (world.instructorRoles ?? [])
      .filter((r) => (atSubscription || options['include-inherited']) && (!r.throughGroup || options['include-groups']))
      .map((r) => {
        const principalId = r.throughGroup ? guidOf('class admins') : instructorId;
        const name = guidOf(`/subscriptions/${sub.id}`, principalId, r.role);
        return { canDelegate: null, condition: null, conditionVersion: null, description: null,
          id: `/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, principalId,
          principalName: r.throughGroup ? 'Class admins' : sub.user, principalType: r.throughGroup ? 'Group' : 'User',
          roleDefinitionId: `/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleDefinitions/${guidOf(r.role)}`,
          roleDefinitionName: r.role, scope: `/subscriptions/${sub.id}`, type: 'Microsoft.Authorization/roleAssignments' };
      });
  },
  'role assignment create': (options) => {
    const assignee = required(options, 'assignee');
    const role = required(options, 'role');
    const scope = required(options, 'scope');
    if (world.roleAssignmentsDenied) {
      const action = 'Microsoft.Authorization/roleAssignments/write';
      const message = `The client '${sub.user}' with object id '${instructorId}' does not have authorization to perform action '${action}' over scope '${scope}/providers/Microsoft.Authorization/roleAssignments/${guidOf(scope, assignee, role)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
      throw new AzError(`(AuthorizationFailed) ${message}\nCode: AuthorizationFailed\nMessage: ${message}`);
    }
    if ((world.unknownSignIns ?? []).includes(assignee)) {
      throw new AzError(`Cannot find user or service principal in graph database for '${assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id ${assignee}'.`);
    }
    if (role !== 'Contributor') throw new AzError(`Role '${role}' doesn't exist.`);
    const name = guidOf(scope, assignee, role);
    return { condition: null, conditionVersion: null, createdBy: null, createdOn: '2026-12-04T09:00:00.000000+00:00',
      delegatedManagedIdentityResourceId: null, description: null,
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, principalId: guidOf(assignee),
      principalType: 'User', resourceGroup: scope.split('/')[4],
      roleDefinitionId: `/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`, scope,
      type: 'Microsoft.Authorization/roleAssignments', updatedBy: null, updatedOn: '2026-12-04T09:00:00.000000+00:00' };
  },
  rest,
};

/** The CLI's tsv: a scalar alone, a list one element a line, an object's values tab-separated. */
function tsv(value) {
  const cell = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const row = (v) => (v !== null && typeof v === 'object' ? Object.values(v).map(cell).join('\t') : cell(v));
  return Array.isArray(value) ? value.map(row).join('\n') : row(value);
}

function main() {
  const { command, options } = parse(argv);
  const handler = commands[command];
  if (!handler) throw new AzError(`'${command}' is misspelled or not recognized by the system (the stand-in az knows: ${Object.keys(commands).join(', ')}).`);
  if (!world.signedIn) throw new AzError("Please run 'az login' to setup account.");
  let result = handler(options);
  if (typeof options.query === 'string' && result !== null) {
    try {
      result = jmespath.search(result, options.query);
    } catch (error) {
      throw new AzError(`argument --query: invalid jmespath_type value: '${options.query}' (${error.message})`);
    }
  }
  const output = option(options, 'output', 'o') ?? 'json';
  if (result === null || output === 'none') return;
  process.stdout.write(`${output === 'tsv' ? tsv(result) : JSON.stringify(result, null, 2)}\n`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof AzError)) throw error;
  process.stderr.write(`ERROR: ${error.message}\n`);
  process.exitCode = 1;
}
