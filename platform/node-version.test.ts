import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSupportedNode, unsupportedNodeMessage } from './node-version';

test('Node 22.16 and later are supported; 20 and 22.15 are not, and the message says what to do', () => {
  for (const version of ['22.16.0', '22.23.1', '24.22.3', '25.0.0', '26.12.1']) assert.ok(isSupportedNode(version), version);
  for (const version of ['20.20.2', '22.15.1', '21.7.3']) assert.ok(!isSupportedNode(version), version);
  assert.match(unsupportedNodeMessage('20.20.2'), /Node\.js 20\.20\.2 is too old .* needs 22\.16\.0 .*source scripts\/use-node\.sh/);
});
