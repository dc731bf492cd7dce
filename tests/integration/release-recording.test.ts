// Deployments are recorded the way the pipelines and `npm start` record them: the pipelines' shell
// script run for real against a real local-insights, and npm start's recorder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { applicationVersion } from '../../platform/application-version';
import { recordLocalDeployment } from '../../scripts/local-deployment';
import { httpClient } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';

const root = path.resolve(__dirname, '../..');
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
let insights: RunningInsights;

const Deployments = z.array(z.object({ version: z.string(), commit: z.string().nullable(), environment: z.string().nullable() }));
const deployments = async () => Deployments.parse((await httpClient(insights.url).get('/api/deployments')).data);
// Asynchronously: local-insights answers from this very process, so a blocking spawn would wait on itself.
const runScript = (env: Record<string, string>) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
  execFile('sh', ['scripts/record-deployment.sh', COMMIT, 'production'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 },
    (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }));
});

before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('releases'), 't.db') });
});
after(() => insights.stop());

test('without DEPLOYMENTS_URL the pipelines\' call is skipped, says so, and succeeds', async () => {
  const run = await runScript({});
  assert.equal(run.status, 0);
  assert.match(run.stdout, /DEPLOYMENTS_URL is not set/);
  assert.deepEqual(await deployments(), []);
});

test('with DEPLOYMENTS_URL the pipelines record the version the processes will report, with the commit', async () => {
  const run = await runScript({ DEPLOYMENTS_URL: `${insights.url}/api/deployments` });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(await deployments(), [{ version: applicationVersion(COMMIT), commit: COMMIT, environment: 'production' }]);
});

test('a DEPLOYMENTS_URL that refuses fails the step, so a broken release record is seen', async () => {
  const run = await runScript({ DEPLOYMENTS_URL: `${insights.url}/api/nothing-here` });
  assert.notEqual(run.status, 0);
});

test('npm start records a local deployment only when the version changed', async () => {
  assert.equal(await recordLocalDeployment(insights.url, '0.1.0'), 'recorded');
  assert.equal(await recordLocalDeployment(insights.url, '0.1.0'), 'unchanged');
  assert.equal(await recordLocalDeployment(insights.url, '0.1.0+feedbeef'), 'recorded');
  assert.deepEqual((await deployments()).filter((d) => d.environment === 'local').map((d) => d.version), ['0.1.0+feedbeef', '0.1.0']);
});
