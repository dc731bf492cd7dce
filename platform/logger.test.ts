import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import Transport from 'winston-transport';
import { createLogger } from './logger';

function capture(secrets: string[] = []) {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return { logger: createLogger({ roleName: 'test-role', level: 'debug', secrets, stream }), lines };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a log line has the time, the level, the role, the message and key=value facts', async () => {
  const { logger, lines } = capture();
  logger.info('payment attempt', { orderId: 12, statusCode: 400, responseText: 'Invalid date' });
  await settle();
  assert.match(lines[0] ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z info {2}\[test-role\] payment attempt orderId=12 statusCode=400 responseText="Invalid date"\n?$/);
});

test('an error field prints its message and then its stack, first frame first', async () => {
  const { logger, lines } = capture();
  logger.error('payment failed', { orderId: 3, error: new Error('boom') });
  await settle();
  const [first, second] = (lines[0] ?? '').split('\n');
  assert.match(first ?? '', /error \[test-role\] payment failed orderId=3 error=boom$/);
  assert.match(second ?? '', /^Error: boom$/);
  assert.match(lines[0] ?? '', /logger\.test\.ts:\d+/);
});

test('secret values are replaced wherever they appear, and secret-named fields are hidden', async () => {
  const { logger, lines } = capture(['hunter2-password', 'abcd-ikey']);
  logger.warn('connect failed: login hunter2-password refused', { detail: 'key abcd-ikey', password: 'anything', apiKey: 'k' });
  await settle();
  const line = lines[0] ?? '';
  assert.doesNotMatch(line, /hunter2|abcd-ikey|anything/);
  assert.match(line, /login \(hidden\) refused/);
  assert.match(line, /password=\(hidden\) apiKey=\(hidden\)/);
});

test('levels below the configured one are dropped', async () => {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const logger = createLogger({ roleName: 'r', level: 'warn', secrets: [], stream });
  logger.info('quiet');
  logger.warn('loud');
  await settle();
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /loud/);
});

test('an event below the level costs no formatting: its fields are never serialised', async () => {
  const { logger } = capture();
  logger.level = 'warn';
  let serialised = 0;
  const payload = { toJSON: () => (serialised++, { orderId: 1 }) };
  logger.info('order received', { payload });
  logger.warn('payment not accepted', { payload });
  await settle();
  assert.equal(serialised, 1);
});

test('other transports (Application Insights) get scrubbed fields and the error as exception attributes', async () => {
  const { logger } = capture(['hunter2-password']);
  const seen: Array<Record<string, unknown>> = [];
  logger.add(new (class extends Transport {
    override log(info: Record<string, unknown>, next: () => void) {
      seen.push({ ...info });
      next();
    }
  })());
  logger.error('payment failed', { orderId: 5, payload: { date: 'x', key: 'hunter2-password' }, error: new TypeError('bad hunter2-password') });
  await settle();
  const [event] = seen;
  assert.equal(event?.orderId, 5);
  assert.equal(event?.payload, '{"date":"x","key":"(hidden)"}');
  assert.equal(event?.['exception.type'], 'TypeError');
  assert.equal(event?.['exception.message'], 'bad (hidden)');
  assert.match(String(event?.['exception.stacktrace']), /^TypeError: bad \(hidden\)\n\s+at /);
  assert.equal('error' in (event ?? {}), false);
});
