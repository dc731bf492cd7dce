// Runs the infra scripts against a stand-in `az` (stand-in-az-cli.cjs) first on PATH: Azure cannot
// be reached from here, so the world the scripts meet is described by the test, and every call they
// make is recorded for it to check.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { makeTempDir } from './temp-dir';

const root = path.resolve(__dirname, '../..');
const load = createRequire(__filename);

/** ARM's uniqueString(), as the stand-in names resources with it (arm-unique-string.cjs). */
export const { uniqueString } = load('./arm-unique-string.cjs') as { uniqueString: (...values: string[]) => string };

export interface TemplateEvaluation {
  /** Any expression of the template (its source text), for this deployment. */
  evaluate: (expression: string) => string;
  resources: Array<{ symbol: string; type: string; name: string }>;
  outputs: Record<string, string>;
}
/** main.bicep's resource names and outputs for one deployment, as ARM works them out (bicep-names.cjs). */
export const { evaluateTemplate } = load('./bicep-names.cjs') as {
  evaluateTemplate: (text: string, parameters: Record<string, string>, resourceGroupId: string) => TemplateEvaluation;
};
/** One folder for the file's runs (each run gets its own inside), removed when the process exits. */
const runs = makeTempDir('stand-in-az');

export interface AzWorld {
  signedIn: boolean;
  subscription: { id: string; name: string; tenantId: string; user: string; state?: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' };
  /** Resource groups that exist before the run. */
  groups?: string[];
  unregisteredProviders?: string[];
  /** The Microsoft.Sql capabilities of a region (status Available unless given). */
  sqlRegions?: Record<string, { status: 'Available' | 'Default' | 'Visible' | 'Disabled'; reason?: string }>;
  /** App Service's regional cores (limit -1: unlimited); null: the usages API lists no cores entry. */
  appServiceCores?: { currentValue: number; limit: number } | null;
  /** Policies with the Deny effect, on the SQL server (password authentication) or the SCM basic-auth setting, by display name. */
  denyPolicies?: Array<{ on: 'sql' | 'scm'; assignment: string; definition: string }>;
  /** A policy with the Deny effect on creating resource groups (e.g. one that requires tags), by display name. */
  groupDenyPolicy?: { assignment: string; definition: string };
  /** The Azure CLI's version (default 2.80.0): 2.73 to 2.77 print a validation refusal as only "The content for this response was already consumed". */
  cliVersion?: string;
  /** A refused validation printed as "Code - message" lines (the CLI's layout when the validation result carries the error). */
  validationErrorAsLines?: boolean;
  /** ARM's refusal by a policy without its additionalInfo (display names): only the resource names are left. */
  policyDisplayNamesLeftOut?: boolean;
  /** Resource group → the error detail its deployment fails with. */
  failingDeployments?: Record<string, { code: string; message: string }>;
  /** The signed-in instructor's roles on the subscription, assigned to them or to a group they are in. */
  instructorRoles?: Array<{ role: string; throughGroup?: boolean }>;
  /** The instructor may not create role assignments (Microsoft.Authorization/roleAssignments/write). */
  roleAssignmentsDenied?: boolean;
  /** Sign-ins the directory does not know. */
  unknownSignIns?: string[];
}

export const aSubscription: AzWorld['subscription'] = {
  id: '00000000-1111-2222-3333-444444444444', name: 'Workshop', tenantId: '99999999-8888-7777-6666-555555555555', user: 'instructor@school.example',
};

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every `az` call, as its argument list. */
  calls: string[][];
  /** Every parameters file (`--parameters @path`) as the stand-in read it: what it held, its permission bits, and the files of earlier calls still on disk then. */
  parameterFiles: Array<{ path: string; mode: number; parameters: Record<string, string>; earlierLeft: string[] }>;
}

/** Runs `script` (a path in the repository, or absolute) with `args`, `az` being the stand-in answering from `world`. */
export async function runWithStandInAz(script: string, args: string[], world: AzWorld, env: Record<string, string> = {}): Promise<ScriptRun> {
  const dir = fs.mkdtempSync(path.join(runs, 'run-'));
  const worldFile = path.join(dir, 'world.json');
  const callsFile = path.join(dir, 'calls.jsonl');
  fs.writeFileSync(worldFile, JSON.stringify(world));
  fs.writeFileSync(callsFile, '');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'az'),
    `#!/bin/sh\nexec '${process.execPath}' '${path.join(__dirname, 'stand-in-az-cli.cjs')}' '${worldFile}' '${callsFile}' "$@"\n`, { mode: 0o755 });
  const child = spawn('bash', [path.resolve(root, script), ...args], {
    cwd: dir,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const calls = fs.readFileSync(callsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
  const filesRead = `${callsFile}.parameter-files`;
  const parameterFiles = fs.existsSync(filesRead) ? fs.readFileSync(filesRead, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ScriptRun['parameterFiles'][number]) : [];
  return { code, stdout, stderr, calls, parameterFiles };
}

/** A deployment call's parameters: its KEY=VALUE words and what its `@file`s held when the stand-in read them. */
export function parametersOf(run: Pick<ScriptRun, 'parameterFiles'>, call: string[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const word of call.slice(call.indexOf('--parameters') + 1)) {
    if (word.startsWith('--')) break;
    if (word.startsWith('@')) Object.assign(given, run.parameterFiles.find((file) => file.path === word.slice(1))?.parameters);
    else if (/^\w+=/.test(word)) given[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  return given;
}

/** The value that follows `--name` in a call, if any. */
export function optionOf(call: string[], name: string): string | undefined {
  const at = call.indexOf(name);
  return at < 0 ? undefined : call[at + 1];
}
