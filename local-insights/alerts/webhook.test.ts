import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackAddress, loopbackLookup, loopbackProblem, postWebhook } from './webhook';

test('only loopback addresses count as loopback, in IPv4, IPv6 and IPv4-mapped form', () => {
  for (const address of ['127.0.0.1', '127.5.5.5', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(address), true, address);
  for (const address of ['10.0.0.1', '0.0.0.0', '169.254.169.254', '::ffff:10.0.0.1', '::', 'fe80::1', '128.0.0.1']) assert.equal(isLoopbackAddress(address), false, address);
});

test('a webhook URL is accepted when saved only if it names this machine', () => {
  assert.equal(loopbackProblem('http://localhost:9000/hook'), null);
  assert.equal(loopbackProblem('http://127.0.0.1/hook'), null);
  assert.equal(loopbackProblem('http://[::1]:8080/hook'), null);
  assert.match(String(loopbackProblem('http://localhost.example.com/hook')), /localhost\.example\.com is not a loopback address/);
  assert.match(String(loopbackProblem('http://127.0.0.1.nip.io/hook')), /is not a loopback address/);
  assert.match(String(loopbackProblem('https://hooks.example.com/x')), /is not a loopback address/);
});

test('a request to a non-loopback address is refused without a connection and without retries', async () => {
  const outcome = await postWebhook('http://192.0.2.7/hook', { x: 1 }, { timeoutMs: 1000, maxResponseBytes: 100 });
  assert.deepEqual(outcome, { ok: false, retry: false, error: '192.0.2.7 is not a loopback address: local-insights only sends webhooks to this machine (localhost, 127.0.0.1, ::1)' });
});

test('where the socket connects, a name that resolves to any address off this machine is refused, and loopback answers pass', async () => {
  type Answer = { error: Error | null; address?: unknown };
  const lookUp = (answer: Array<{ address: string; family: number }>, all: boolean) => new Promise<Answer>((resolve) => {
    // A resolver that answers what a changed hosts file or a rebinding DNS server would: this machine's cannot be made to.
    const lookup = loopbackLookup((_host, _options, callback) => callback(null, answer));
    lookup('localhost', { all }, (error: Error | null, address: unknown) => resolve({ error, address }));
  });
  const outside = await lookUp([{ address: '127.0.0.1', family: 4 }, { address: '192.0.2.7', family: 4 }], false);
  assert.match(String(outside.error?.message), /^localhost resolves to 192\.0\.2\.7, not a loopback address$/);
  assert.match(String((await lookUp([{ address: '::ffff:10.0.0.1', family: 6 }], true)).error?.message), /resolves to ::ffff:10\.0\.0\.1, not a loopback address/);
  assert.match(String((await lookUp([], false)).error?.message), /resolves to nothing/);
  assert.deepEqual(await lookUp([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }], false), { error: null, address: '127.0.0.1' });
  // And with this machine's own resolver, localhost is loopback.
  const real = await new Promise<Answer>((resolve) => loopbackLookup()('localhost', { all: true }, (error: Error | null, address: unknown) => resolve({ error, address })));
  assert.equal(real.error, null);
  assert.ok(Array.isArray(real.address) && real.address.length > 0);
});
