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

test('a host name that cannot be resolved for now (EAI_AGAIN) is told like one that does not exist', () => {
  assert.equal(describeNetworkError('EAI_AGAIN', 1), describeNetworkError('ENOTFOUND', 1));
});

test('a network failure is a transient outcome with no status and no answer text', async () => {
  const closed = await server(() => undefined);
  await closed.close();
  const outcome = await createFinanceClient({ baseUrl: closed.url, apiKey: 'k', timeoutMs: 500 }).pay(request, 'order-1');
  assert.deepEqual(outcome, { kind: 'transient', statusCode: null, responseText: '', reason: describeNetworkError('ECONNREFUSED', 500) });
});

interface Seen { method?: string; url?: string; apiKey?: string; idempotencyKey?: string; body: string; socket: unknown }

/** A server that answers every request with status and body, and records what it was sent. */
async function recording(status: number, body: string) {
  const seen: Seen[] = [];
  const s = await server((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, apiKey: req.headers['x-api-key'] as string | undefined,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: text, socket: req.socket });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  return { ...s, seen };
}

test('a payment is posted as JSON to ProcessPayment with the API key and its idempotency key', async () => {
  const finance = await recording(200, 'paid');
  try {
    const outcome = await createFinanceClient({ baseUrl: finance.url, apiKey: 'secret-key', timeoutMs: 500 }).pay(request, 'order-1-attempt');
    assert.deepEqual(outcome, { kind: 'paid', statusCode: 200, responseText: 'paid' });
    assert.equal(finance.seen.length, 1);
    const [seen] = finance.seen;
    assert.deepEqual([seen?.method, seen?.url, seen?.apiKey, seen?.idempotencyKey], ['POST', '/ProcessPayment', 'secret-key', 'order-1-attempt']);
    assert.deepEqual(JSON.parse(seen?.body ?? ''), request);
  } finally {
    await finance.close();
  }
});

test('successive payments reuse one kept-alive connection', async () => {
  const finance = await recording(200, 'paid');
  try {
    const client = createFinanceClient({ baseUrl: finance.url, apiKey: 'k', timeoutMs: 500 });
    await client.pay(request, 'a');
    await client.pay(request, 'b');
    assert.equal(finance.seen.length, 2);
    assert.equal(finance.seen[0]?.socket, finance.seen[1]?.socket);
  } finally {
    await finance.close();
  }
});

test('answer text up to 500 characters is kept whole', async () => {
  for (const text of ['short', 'y'.repeat(500)]) {
    const finance = await recording(400, text);
    try {
      const outcome = await createFinanceClient({ baseUrl: finance.url, apiKey: 'k', timeoutMs: 500 }).pay(request, 'order-1');
      assert.equal(outcome.responseText, text);
    } finally {
      await finance.close();
    }
  }
});

test('paymentUrl names the ProcessPayment endpoint under the base URL, with or without its final slash', () => {
  const url = (baseUrl: string) => createFinanceClient({ baseUrl, apiKey: 'k', timeoutMs: 500 }).paymentUrl;
  assert.equal(url('http://finance.example:8080'), 'http://finance.example:8080/ProcessPayment');
  assert.equal(url('http://finance.example:8080/'), 'http://finance.example:8080/ProcessPayment');
  assert.equal(url('http://finance.example/api/v1'), 'http://finance.example/api/v1/ProcessPayment');
  assert.equal(url('http://finance.example/api/v1/'), 'http://finance.example/api/v1/ProcessPayment');
});

const status = { scenario: 'peak-hour', timeScale: 60, load: { phase: 'peak', phaseEndsInSeconds: 30 } };

test('scenarioStatus reads the scenario the finance package is running', async () => {
  const finance = await recording(200, JSON.stringify(status));
  try {
    assert.deepEqual(await createFinanceClient({ baseUrl: finance.url, apiKey: 'k', timeoutMs: 500 }).scenarioStatus(), status);
    assert.deepEqual(finance.seen.map((s) => [s.method, s.url, s.apiKey]), [['GET', '/scenario', 'k']]);
  } finally {
    await finance.close();
  }
});

test('scenarioStatus is undefined for an error status, a body of the wrong shape, or one that is not JSON', async () => {
  const bodies: Array<[number, string]> = [
    [500, JSON.stringify(status)],
    [200, JSON.stringify({ ...status, load: { phase: 'lunch', phaseEndsInSeconds: null } })],
    [200, JSON.stringify({ scenario: 'peak-hour' })],
    [200, 'not json'],
  ];
  for (const [code, body] of bodies) {
    const finance = await recording(code, body);
    try {
      assert.equal(await createFinanceClient({ baseUrl: finance.url, apiKey: 'k', timeoutMs: 500 }).scenarioStatus(), undefined, `${code} ${body}`);
    } finally {
      await finance.close();
    }
  }
});

test('scenarioStatus gives up after a second even when payments may wait longer', async () => {
  const silent = await server(() => undefined);
  try {
    const started = Date.now();
    assert.equal(await createFinanceClient({ baseUrl: silent.url, apiKey: 'k', timeoutMs: 10_000 }).scenarioStatus(), undefined);
    assert.ok(Date.now() - started < 3000, 'the dashboard must not wait for the payment timeout');
  } finally {
    await silent.close();
  }
});

test('setScenario posts the scenario and accepts any 2xx answer', async () => {
  for (const code of [200, 204, 299]) {
    const finance = await recording(code, '');
    try {
      await createFinanceClient({ baseUrl: finance.url, apiKey: 'k', timeoutMs: 500 }).setScenario('peak-hour');
      assert.deepEqual(finance.seen.map((s) => [s.method, s.url, s.apiKey, JSON.parse(s.body)]), [['POST', '/scenario', 'k', { scenario: 'peak-hour' }]]);
    } finally {
      await finance.close();
    }
  }
});

test('setScenario throws for any answer from 300 up, with the status, the scenario and the answer text', async () => {
  for (const code of [300, 400, 503]) {
    const finance = await recording(code, 'no such scenario');
    try {
      await assert.rejects(createFinanceClient({ baseUrl: finance.url, apiKey: 'k', timeoutMs: 500 }).setScenario('lunch'),
        new RegExp(`answered ${code} to scenario lunch: no such scenario`));
    } finally {
      await finance.close();
    }
  }
});
