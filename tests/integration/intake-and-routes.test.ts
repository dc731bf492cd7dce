// Order intake and the app's read routes, over real HTTP against a real SQLite file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/system';

let app: TestApp;
before(async () => {
  // The finance package is not needed here: payments wait in the queue.
  app = await startTestApp({ FINANCE_PACKAGE_URL: 'http://127.0.0.1:9', SCHEDULED_JOB_INTERVAL_SECONDS: '3600', BUILD_COMMIT: 'abc1234def567890' });
});
after(() => app.stop());

const count = async () => (await app.http.get('/count')).data.count as number;

test('a valid order is stored and answered 201 with its offset kept as given and no download bytes', async () => {
  const response = await app.http.post('/new', { product: 'Mug', customer: 'Ada', date_placed: '2024-03-31T12:00:00+10:00' });
  assert.equal(response.status, 201);
  assert.equal(response.data.date_placed, '2024-03-31T12:00:00+10:00');
  assert.equal(response.data.status, 'Queued');
  assert.equal('download' in response.data, false);
  assert.equal(JSON.stringify(response.data).length < 1000, true);
});

test('an order without date_placed is placed now', async () => {
  const before = Date.now();
  const response = await app.http.post('/new', { product: 'Mug', customer: 'Ada' });
  assert.equal(response.status, 201);
  const placed = new Date(response.data.date_placed).getTime();
  assert.ok(placed >= before - 1000 && placed <= Date.now() + 1000);
});

const malformed: Array<[string, unknown, RegExp]> = [
  ['missing product', { customer: 'Ada' }, /product/],
  ['missing customer', { product: 'Mug' }, /customer/],
  ['empty product', { product: '', customer: 'Ada' }, /product/],
  ['blank customer', { product: 'Mug', customer: '   ' }, /customer/],
  ['product of 101 characters', { product: 'x'.repeat(101), customer: 'Ada' }, /product must be at most 100/],
  ['customer a number', { product: 'Mug', customer: 42 }, /customer/],
  ['product null', { product: null, customer: 'Ada' }, /product/],
  ['product an array', { product: ['Mug'], customer: 'Ada' }, /product/],
  ['product an object', { product: { name: 'Mug' }, customer: 'Ada' }, /product/],
  ['a null byte', { product: 'Mu\u0000g', customer: 'Ada' }, /control characters/],
  ['a lone surrogate', { product: 'Mug\ud800', customer: 'Ada' }, /valid Unicode/],
  ['an extra field', { product: 'Mug', customer: 'Ada', price: 3 }, /unexpected field "price"/],
  ['date without offset', { product: 'Mug', customer: 'Ada', date_placed: '2024-03-31T12:00:00' }, /date_placed must be ISO 8601 with an offset/],
  ['impossible date', { product: 'Mug', customer: 'Ada', date_placed: '2024-02-30T12:00:00Z' }, /date_placed is not a real date/],
  ['date a number', { product: 'Mug', customer: 'Ada', date_placed: 1711886400000 }, /date_placed must be a string/],
  ['date words', { product: 'Mug', customer: 'Ada', date_placed: 'tomorrow' }, /date_placed/],
  ['an array body', [{ product: 'Mug', customer: 'Ada' }], /JSON object/],
  ['a string body', 'Mug', /JSON object|not valid JSON/],
  ['null body', null, /JSON object|not valid JSON/],
];

for (const [situation, body, error] of malformed) {
  test(`with ${situation}, POST /new answers 400 naming the problem and stores nothing`, async () => {
    const before = await count();
    const response = await app.http.post('/new', JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    assert.equal(response.status, 400);
    assert.match(response.data.error, error);
    assert.equal(await count(), before);
  });
}

test('a body that is not JSON, or not sent as JSON, is refused with a clear 4xx', async () => {
  const before = await count();
  const broken = await app.http.post('/new', '{"product": "Mug",', { headers: { 'Content-Type': 'application/json' } });
  assert.equal(broken.status, 400);
  assert.equal(broken.data.error, 'the body is not valid JSON');
  const form = await app.http.post('/new', 'product=Mug&customer=Ada', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 400);
  assert.match(form.data.error, /Content-Type: application\/json/);
  const huge = await app.http.post('/new', { product: 'Mug', customer: 'x'.repeat(20_000) });
  assert.equal(huge.status, 413);
  assert.match(huge.data.error, /too large/);
  assert.equal(await count(), before);
});

test('an SQL injection attempt is stored as plain text', async () => {
  const product = "Mug'); DROP TABLE orders; --";
  const response = await app.http.post('/new', { product, customer: 'Robert' });
  assert.equal(response.status, 201);
  assert.equal(response.data.product, product);
  assert.ok((await count()) > 0);
});

test('100 characters of emoji are accepted as 100 characters', async () => {
  const response = await app.http.post('/new', { product: '🍎'.repeat(100), customer: 'Ada' });
  assert.equal(response.status, 201);
});

test('GET /api/orders lists oldest placed first and checks its parameters', async () => {
  await app.http.post('/new', { product: 'old', customer: 'Ada', date_placed: '2000-01-01T00:00:00Z' });
  const list = await app.http.get('/api/orders', { params: { status: 'Queued', limit: 2 } });
  assert.equal(list.status, 200);
  assert.equal(list.data.length, 2);
  assert.equal(list.data[0].product, 'old');
  const empty = await app.http.get('/api/orders?status=&limit=');
  assert.equal(empty.status, 200);
  assert.ok(empty.data.length > 0);
  for (const params of [{ status: 'Lost' }, { limit: 0 }, { limit: 'many' }, { limit: 5000 }, { colour: 'red' }]) {
    const bad = await app.http.get('/api/orders', { params });
    assert.equal(bad.status, 400, JSON.stringify(params));
    assert.equal(typeof bad.data.error, 'string');
  }
});

test('GET /api/summary has the six figures', async () => {
  const { data } = await app.http.get('/api/summary');
  assert.deepEqual(Object.keys(data).sort(), ['complete', 'failed', 'placedLast10Minutes', 'processedLast10Minutes', 'processing', 'queued']);
  assert.ok(data.queued > 0);
});

test('an order\'s download is 100,000 bytes of octet-stream; an unknown order is 404', async () => {
  const { data: order } = await app.http.post('/new', { product: 'Mug', customer: 'Ada' });
  const download = await app.http.get(`/orders/${order.id}/download`, { responseType: 'arraybuffer' });
  assert.equal(download.status, 200);
  assert.equal(download.headers['content-type'], 'application/octet-stream');
  assert.equal(download.data.byteLength, 100_000);
  assert.equal((await app.http.get('/orders/999999/download')).status, 404);
  assert.equal((await app.http.get('/orders/abc/download')).status, 400);
});

test('the dashboard shows the cards, the labelled scenario dropdown and escapes HTML in orders', async () => {
  await app.http.post('/new', { product: '<script>alert(1)</script>', customer: '<b>Eve</b>' });
  const page = await app.http.get('/');
  assert.equal(page.status, 200);
  for (const text of ['In queue', 'Placed in last 10 minutes', 'Processed in last 10 minutes', 'Failed', '<label for="scenario"',
    'Add broken order', 'Monitoring Load', 'Queue Reliability', 'System Monitoring', 'Reset to initial']) {
    assert.ok(page.data.includes(text), `dashboard shows ${text}`);
  }
  assert.ok(!page.data.includes('<script>alert(1)</script>'));
  assert.ok(page.data.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.doesNotMatch(page.data, /https?:\/\/(?!localhost)[^"']*\.(css|js)/, 'no CDN');
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
});

test('the dashboard says how many more orders there are beyond the 100 it lists', async () => {
  while ((await count()) < 105) await app.http.post('/new', { product: 'filler', customer: 'Ada' });
  const page = await app.http.get('/dashboard/panel');
  const queued = (await app.http.get('/api/summary')).data.queued as number;
  assert.ok(page.data.includes(`Plus ${queued - 100} more orders`));
});

test('an unknown scenario is refused with 400 and a known one redirects to the dashboard', async () => {
  const unknown = await app.http.post('/scenario', 'scenario=Chaos', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  assert.equal(unknown.status, 400);
  assert.match(unknown.data.error, /unknown scenario "Chaos"/);
  const missing = await app.http.post('/scenario', '', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  assert.equal(missing.status, 400);
  const before = await count();
  const broken = await app.http.post('/scenario', 'scenario=BrokenOrder', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  assert.equal(broken.status, 303);
  assert.equal(broken.headers.location, '/');
  assert.equal(await count(), before + 1);
});

test('GET /api/about names the version running (with the build\'s commit) and, with the finance package down, no scenario', async () => {
  const about = await app.http.get('/api/about');
  assert.equal(about.status, 200);
  assert.deepEqual(about.data, { version: '0.1.0+abc1234def56', scenario: null });
});

test('GET /healthz is 200 while the database answers, and unknown routes are a JSON 404', async () => {
  assert.deepEqual((await app.http.get('/healthz')).data, { status: 'ok' });
  const missing = await app.http.get('/nope');
  assert.equal(missing.status, 404);
  assert.match(missing.data.error, /GET \/nope/);
});

test('with the finance package not answering, the dashboard says so at once and still shows the figures', async () => {
  const started = Date.now();
  const panel = await app.http.get('/dashboard/panel');
  assert.equal(panel.status, 200);
  assert.match(String(panel.data), /Scenario: <span class="badge text-bg-danger"[^>]*>Finance package not answering</);
  assert.match(String(panel.data), /data-figure="in-queue"/);
  assert.match(String(panel.data), /Figures as of <time datetime="[^"]+">\d\d:\d\d:\d\d<\/time>/);
  assert.ok(Date.now() - started < 2000, 'a refused connection does not hold the page');
});
