// Grouping exceptions into problems, over real V8 stack traces thrown here and over the texts the
// SDK sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintOf, normaliseFile, normaliseMessage, parseStack, problemIdOf, titleOf } from './fingerprint';

class PaymentFailed extends Error {
  override name = 'PaymentFailed';
}

// Two call paths to the same throw: a fingerprint over all frames tells them apart.
function throwPaymentFailed(message: string): never {
  throw new PaymentFailed(message);
}
function viaTheJob(message: string): Error {
  try {
    throwPaymentFailed(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
function viaTheIntake(message: string): Error {
  try {
    throwPaymentFailed(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const facts = (error: Error, customDimensions?: Record<string, unknown>) => ({ type: error.name, message: error.message, stack: error.stack, customDimensions });

test('a real V8 stack parses into frames with their function, file and position', () => {
  const frames = parseStack(viaTheJob('x').stack ?? '');
  assert.equal(frames[0]?.method, 'throwPaymentFailed');
  assert.match(frames[0]?.file ?? '', /fingerprint\.test\.ts$/);
  assert.ok((frames[0]?.line ?? 0) > 0);
  assert.equal(frames[1]?.method, 'viaTheJob');
});

test('the same failure raised twice from the same place has one fingerprint, whatever the message says', () => {
  assert.equal(fingerprintOf(facts(viaTheJob('order 1 failed'))), fingerprintOf(facts(viaTheJob('order 2 failed'))));
});

test('one exception class raised along two call paths makes two fingerprints', () => {
  assert.notEqual(fingerprintOf(facts(viaTheJob('x'))), fingerprintOf(facts(viaTheIntake('x'))));
});

test('a build whose line numbers moved, from another folder and compiled to .js, keeps the fingerprint', () => {
  const error = viaTheJob('x');
  const stack = error.stack ?? '';
  const rebuilt = stack
    .replace(/:(\d+):(\d+)\)/g, (_m, line: string, column: string) => `:${Number(line) + 17}:${Number(column) + 2})`)
    .replace(/\/[^\s()]*\/(local-insights\/problems\/fingerprint)\.test\.ts/g, '/home/site/wwwroot/dist/$1.test.js');
  assert.notEqual(rebuilt, stack, 'the rebuilt stack differs in its text');
  assert.equal(fingerprintOf({ ...facts(error), stack: rebuilt }), fingerprintOf(facts(error)));
});

test('a renamed function in the stack makes another fingerprint', () => {
  const error = viaTheJob('x');
  const renamed = (error.stack ?? '').replace('at viaTheJob', 'at viaTheQueue');
  assert.notEqual(fingerprintOf({ ...facts(error), stack: renamed }), fingerprintOf(facts(error)));
});

test('another exception class at the same place makes another fingerprint', () => {
  const error = viaTheJob('x');
  assert.notEqual(fingerprintOf({ ...facts(error), type: 'TypeError' }), fingerprintOf(facts(error)));
});

test('a fingerprint set by the application in customDimensions overrides the stack', () => {
  const own = fingerprintOf(facts(viaTheJob('x'), { fingerprint: 'payments-down' }));
  assert.equal(own, fingerprintOf(facts(viaTheIntake('y'), { fingerprint: 'payments-down' })));
  assert.notEqual(own, fingerprintOf(facts(viaTheJob('x'))));
  assert.match(own, /^[0-9a-f]{40}$/);
  // an empty one is no fingerprint at all
  assert.equal(fingerprintOf(facts(viaTheJob('x'), { fingerprint: ' ' })), fingerprintOf(facts(viaTheJob('x'))));
});

test('without a stack, the type and the normalised message tell problems apart', () => {
  const bare = (message: string) => fingerprintOf({ type: 'Error', message, stack: undefined, customDimensions: undefined });
  assert.equal(bare('order 12 timed out'), bare('order 13 timed out'));
  assert.notEqual(bare('order 12 timed out'), bare('order 12 was refused'));
});

test('file names keep what is stable between machines and builds', () => {
  assert.equal(normaliseFile('/home/site/wwwroot/dist/app/orders/payment-job.js'), 'orders/payment-job');
  assert.equal(normaliseFile('/work/repo/app/orders/payment-job.ts'), 'orders/payment-job');
  assert.equal(normaliseFile('file:///C:\\repo\\app\\orders\\payment-job.mjs'), 'orders/payment-job');
  assert.equal(normaliseFile('/srv/node_modules/express/lib/router/layer.js'), 'node_modules/express/lib/router/layer');
  assert.equal(normaliseFile('node:internal/process/task_queues'), 'node:internal/process/task_queues');
});

test('problemId is the type and the top frame\'s method, as Application Insights forms it', () => {
  const error = viaTheJob('x');
  assert.equal(problemIdOf({ typeName: 'PaymentFailed', stack: error.stack }), 'PaymentFailed at throwPaymentFailed');
  assert.equal(problemIdOf({ typeName: 'Error', stack: 'Error: x\n    at /app/main.js:1:2' }), 'Error at <no_method>');
  assert.equal(problemIdOf({ typeName: 'Error', stack: 'Error: x\n    at async withOrderId (/app/a.js:1:2)' }), 'Error at async withOrderId');
  assert.equal(problemIdOf({ typeName: 'Error', stack: undefined }), 'Error');
  assert.equal(problemIdOf({ typeName: 'Error', parsedStack: [{ method: 'Svc.run' }], stack: error.stack }), 'Error at Svc.run');
  assert.equal(problemIdOf({ typeName: 'Error', sentProblemId: 'mine', stack: error.stack }), 'mine');
});

test('a title is the type and the message with its numbers and ids taken out', () => {
  assert.equal(titleOf('PaymentFailed', 'order 17: finance package answered 400'), 'PaymentFailed: order #: finance package answered #');
  assert.equal(normaliseMessage('job 3f2a9c1e-0b7d-4e8f-9a6b-1c2d3e4f5a6b at deadbeefcafe1234'), 'job # at #');
  assert.equal(normaliseMessage('no numbers here'), 'no numbers here');
});
