// How long the class view waits for a learner's app, measured in-process on loopback servers (the
// CLI's own start-up would hide a shorter wait). Waiting only ever takes longer on a busy machine,
// so the lower bound holds anywhere; the slow server answers with 2.5 s to spare.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { ANSWER_TIMEOUT_MS, snapshotOf } from './snapshot';

const servers: http.Server[] = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** An app that answers the class view's routes after `delayMs`, or never when delayMs is null. */
async function app(delayMs: number | null): Promise<string> {
  const answers: Record<string, unknown> = {
    '/api/summary': { queued: 3, processing: 1, failed: 0 },
    '/api/orders': [],
    '/api/about': { version: '0.1.0+slow', scenario: 'Reset' },
  };
  const server = http.createServer((req, res) => {
    if (delayMs === null) return;
    setTimeout(() => res.setHeader('Content-Type', 'application/json').end(JSON.stringify(answers[new URL(req.url ?? '/', 'http://x').pathname] ?? {})), delayMs);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

test(`an app that never answers is given ${ANSWER_TIMEOUT_MS / 1000} s, then shown as not answering`, async () => {
  const started = Date.now();
  const snapshot = await snapshotOf({ learner: 'carol', app: await app(null) });
  const waited = Date.now() - started;
  assert.deepEqual({ answering: snapshot.answering, why: 'why' in snapshot ? snapshot.why : undefined }, { answering: false, why: 'did not answer in time' });
  assert.ok(waited >= 5_000, `carol was given ${waited} ms, not her 5 s`);
});

test('an app that takes 2.5 s to answer is still shown, with its queue and version', async () => {
  const snapshot = await snapshotOf({ learner: 'dave', app: await app(2_500) });
  assert.deepEqual(snapshot.answering && { queue: snapshot.queue, version: snapshot.version }, { queue: 4, version: '0.1.0+slow' });
});
