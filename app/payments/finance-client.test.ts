// The finance client against real loopback endpoints: how each kind of network failure is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFinanceClient, describeNetworkError } from './finance-client';

const request = { orderId: 1, product: 'Mug', customer: 'Ada', date: '2024-01-15T09:30:00+00:00' };

async function server(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, // a TCP server always has an AddressInfo
    close: () => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }),
  };
}

test('every network error code is described in words a learner can act on', () => {
  assert.match(describeNetworkError('ETIMEDOUT', 10_000), /within 10 s \(timeout\)/);
  assert.match(describeNetworkError('ECONNABORTED', 500), /within 0.5 s \(timeout\)/);
  assert.match(describeNetworkError('ECONNREFUSED', 1), /refused the connection .*FINANCE_PACKAGE_URL/);
  assert.match(describeNetworkError('ECONNRESET', 1), /closed the connection/);
  assert.match(describeNetworkError('ENOTFOUND', 1), /could not be resolved .*FINANCE_PACKAGE_URL/);
  assert.match(describeNetworkError(undefined, 1), /could not be reached \(unknown network error\)/);
});

test('a refused connection is a transient outcome, not an exception', async () => {
  const closed = await server(() => undefined);
  await closed.close();
  const outcome = await createFinanceClient({ baseUrl: closed.url, apiKey: 'k', timeoutMs: 500 }).pay(request, 'order-1');
  assert.equal(outcome.kind, 'transient');
  assert.equal(outcome.statusCode, null);
  assert.match(outcome.kind === 'transient' ? outcome.reason : '', /refused the connection/);
});

test('a connection closed without an answer is transient', async () => {
  const rude = await server((req) => req.socket.destroy());
  try {
    const outcome = await createFinanceClient({ baseUrl: rude.url, apiKey: 'k', timeoutMs: 500 }).pay(request, 'order-1');
    assert.equal(outcome.kind, 'transient');
  } finally {
    await rude.close();
  }
});

test('no answer within the timeout is transient and says so', async () => {
  const silent = await server(() => undefined);
  try {
    const outcome = await createFinanceClient({ baseUrl: silent.url, apiKey: 'k', timeoutMs: 100 }).pay(request, 'order-1');
    assert.equal(outcome.kind, 'transient');
    assert.match(outcome.kind === 'transient' ? outcome.reason : '', /within 0.1 s \(timeout\)/);
  } finally {
    await silent.close();
  }
});

test('a redirect is not followed: it is an unexpected answer, retried later', async () => {
  const moved = await server((_req, res) => res.writeHead(302, { location: 'http://example.org/' }).end());
  try {
    const outcome = await createFinanceClient({ baseUrl: moved.url, apiKey: 'k', timeoutMs: 500 }).pay(request, 'order-1');
    assert.deepEqual([outcome.kind, outcome.statusCode], ['transient', 302]);
  } finally {
    await moved.close();
  }
});

test('the supplier\'s answer text is kept, cut at 500 characters', async () => {
  const verbose = await server((_req, res) => res.writeHead(400).end('x'.repeat(2000)));
  try {
    const outcome = await createFinanceClient({ baseUrl: verbose.url, apiKey: 'k', timeoutMs: 500 }).pay(request, 'order-1');
    assert.equal(outcome.kind, 'rejected');
    assert.equal(outcome.responseText.length, 501);
  } finally {
    await verbose.close();
  }
});
