// Malformed and hostile input to both processes: each is refused with a clear 4xx and changes
// nothing; every page carries security headers; no error body shows internals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import type { AxiosResponse } from 'axios';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { recordFigure } from './figures';

const projectRoot = path.resolve(__dirname, '../..');
let app: Child;
let finance: Child;
const errorBodies: string[] = [];

before(async () => {
  const [appPort, financePort] = [await freePort(), await freePort()];
  finance = await spawnServer('finance-stub/main.ts', financePort, { GENERATE_ORDERS: 'false', FINANCE_API_KEY: 'hostile-test-key' });
  app = await spawnServer('app/main.ts', appPort, { ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url, FINANCE_API_KEY: 'hostile-test-key' });
});
after(async () => {
  await app.terminate();
  await finance.terminate();
});

const json = { 'Content-Type': 'application/json' };
const ok = { product: 'Mug', customer: 'Ada' };
let deep = '{"product":"Mug","customer":"Ada","x":';
for (let i = 0; i < 2000; i++) deep += '[';

/** [what it is, body as sent, content type] */
const malformed: Array<[string, string, string]> = [
  ['empty body', '', 'application/json'],
  ['not JSON', 'product=Mug', 'application/json'],
  ['truncated JSON', '{"product": "Mug"', 'application/json'],
  ['JSON null', 'null', 'application/json'],
  ['JSON number', '42', 'application/json'],
  ['JSON string', '"Mug"', 'application/json'],
  ['JSON array', JSON.stringify([ok]), 'application/json'],
  ['empty object', '{}', 'application/json'],
  ['missing product', JSON.stringify({ customer: 'Ada' }), 'application/json'],
  ['missing customer', JSON.stringify({ product: 'Mug' }), 'application/json'],
  ['extra field', JSON.stringify({ ...ok, price: 1 }), 'application/json'],
  ['extra __proto__', '{"product":"Mug","customer":"Ada","__proto__":{"admin":true}}', 'application/json'],
  ['extra constructor', JSON.stringify({ ...ok, constructor: { prototype: {} } }), 'application/json'],
  ['product a number', JSON.stringify({ ...ok, product: 1 }), 'application/json'],
  ['product true', JSON.stringify({ ...ok, product: true }), 'application/json'],
  ['product null', JSON.stringify({ ...ok, product: null }), 'application/json'],
  ['product an object', JSON.stringify({ ...ok, product: { a: 1 } }), 'application/json'],
  ['product an array', JSON.stringify({ ...ok, product: ['Mug'] }), 'application/json'],
  ['customer empty', JSON.stringify({ ...ok, customer: '' }), 'application/json'],
  ['customer spaces', JSON.stringify({ ...ok, customer: '     ' }), 'application/json'],
  ['customer tab only', JSON.stringify({ ...ok, customer: '\t' }), 'application/json'],
  ['product 101 chars', JSON.stringify({ ...ok, product: 'p'.repeat(101) }), 'application/json'],
  ['product 10k chars', JSON.stringify({ ...ok, product: 'p'.repeat(9000) }), 'application/json'],
  ['101 emoji', JSON.stringify({ ...ok, product: '😀'.repeat(101) }), 'application/json'],
  ['null byte', JSON.stringify({ ...ok, product: 'Mu\u0000g' }), 'application/json'],
  ['newline', JSON.stringify({ ...ok, customer: 'Ada\nSmith' }), 'application/json'],
  ['escape sequence', JSON.stringify({ ...ok, customer: 'Ada\u001b[31m' }), 'application/json'],
  ['lone surrogate', '{"product":"Mug\\ud800","customer":"Ada"}', 'application/json'],
  ['date without offset', JSON.stringify({ ...ok, date_placed: '2024-03-31T12:00:00' }), 'application/json'],
  ['date only', JSON.stringify({ ...ok, date_placed: '2024-03-31' }), 'application/json'],
  ['impossible date', JSON.stringify({ ...ok, date_placed: '2023-02-29T12:00:00Z' }), 'application/json'],
  ['hour 25', JSON.stringify({ ...ok, date_placed: '2024-03-31T25:00:00Z' }), 'application/json'],
  ['offset +15:00', JSON.stringify({ ...ok, date_placed: '2024-03-31T12:00:00+15:00' }), 'application/json'],
  ['date as epoch number', JSON.stringify({ ...ok, date_placed: 1711886400000 }), 'application/json'],
  ['date in words', JSON.stringify({ ...ok, date_placed: 'next tuesday' }), 'application/json'],
  ['date null', JSON.stringify({ ...ok, date_placed: null }), 'application/json'],
  ['date SQL injection', JSON.stringify({ ...ok, date_placed: "2024-01-01'); DROP TABLE orders;--" }), 'application/json'],
  ['deeply nested JSON', deep, 'application/json'],
  ['body over the size limit', JSON.stringify({ ...ok, x: 'y'.repeat(50_000) }), 'application/json'],
  ['form-encoded', 'product=Mug&customer=Ada', 'application/x-www-form-urlencoded'],
  ['plain text', JSON.stringify(ok), 'text/plain'],
  ['XML', '<order><product>Mug</product></order>', 'application/xml'],
  ['wrong charset', JSON.stringify(ok), 'application/json; charset=utf-16'],
];

test(`${malformed.length} malformed orders are each refused with a 4xx and a JSON error, and the order count does not move`, async () => {
  const http = httpClient(app.url);
  const countBefore = (await http.get('/count')).data.count;
  // Every answer is kept and counted by what it was; the assertions come after, on the counts.
  const refusals: string[] = [];
  const otherwise: string[] = [];
  for (const [what, body, type] of malformed) {
    const response: AxiosResponse = await http.post('/new', body, { headers: { 'Content-Type': type }, transformRequest: [(d: unknown) => d] });
    const clear = response.status >= 400 && response.status < 500 && typeof response.data?.error === 'string' && response.data.error.length > 10;
    (clear ? refusals : otherwise).push(`${what}: ${response.status} ${JSON.stringify(response.data).slice(0, 80)}`);
    if (typeof response.data?.error === 'string') errorBodies.push(JSON.stringify(response.data));
  }
  const stored = (await http.get('/count')).data.count - countBefore;
  recordFigure('hostile input to POST /new', 'inputs tried', malformed.length);
  recordFigure('hostile input to POST /new', 'refused with a 4xx and a clear JSON error', refusals.length);
  recordFigure('hostile input to POST /new', 'orders stored by them', stored);
  assert.deepEqual(otherwise, [], 'every malformed order is refused with a 4xx and a clear JSON error');
  assert.equal(stored, 0);
});

test('SQL injection and markup in valid fields are stored as plain text, harmlessly', async () => {
  const http = httpClient(app.url);
  for (const product of ["Robert'); DROP TABLE orders;--", '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd']) {
    const response = await http.post('/new', { product, customer: 'Ada' });
    assert.equal(response.status, 201);
    assert.equal(response.data.product, product);
  }
  const page = await http.get('/');
  assert.ok(!page.data.includes('<script>alert(1)</script>'));
});

test('unknown or malformed scenarios are refused by both processes with 400, and nothing changes', async () => {
  const http = httpClient(app.url);
  const financeHttp = httpClient(finance.url);
  const countBefore = (await http.get('/count')).data.count;
  const scenarioBefore = (await financeHttp.get('/scenario')).data.scenario;
  const bad = ['Chaos', '', 'reset', 'BROKENORDER', '__proto__', 'constructor', 'toString', 'Reset ', 'x'.repeat(10_000)];
  const statuses: Array<[string, number]> = [];
  for (const value of bad) {
    const viaApp = await http.post('/scenario', new URLSearchParams({ scenario: value }).toString(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    const viaFinance = await financeHttp.post('/scenario', { scenario: value });
    statuses.push([`app: ${value.slice(0, 20)}`, viaApp.status], [`finance: ${value.slice(0, 20)}`, viaFinance.status]);
    errorBodies.push(JSON.stringify(viaApp.data), JSON.stringify(viaFinance.data));
  }
  for (const body of [{ scenario: 5 }, { scenario: ['Reset'] }, { scenario: null }, {}, [], 'Reset']) {
    statuses.push([`finance: ${JSON.stringify(body)}`, (await financeHttp.post('/scenario', JSON.stringify(body), { headers: json })).status]);
  }
  const refused = statuses.filter(([, status]) => status === 400).length;
  recordFigure('hostile scenario values', 'inputs tried', statuses.length);
  recordFigure('hostile scenario values', 'rejected with 400', refused);
  assert.deepEqual(statuses.filter(([, status]) => status !== 400), [], 'every hostile scenario value is refused with 400');
  assert.equal((await http.get('/count')).data.count, countBefore);
  assert.equal((await financeHttp.get('/scenario')).data.scenario, scenarioBefore);
});

test('every page and API answer carries security headers and no X-Powered-By', async () => {
  const http = httpClient(app.url);
  const financeHttp = httpClient(finance.url);
  const answers = [
    await http.get('/'), await http.get('/dashboard/panel'), await http.get('/api/summary'), await http.get('/api/orders'),
    await http.get('/healthz'), await http.get('/count'), await http.get('/nope'), await http.post('/new', '{', { headers: json }),
    await http.get('/assets/dashboard.js'), await financeHttp.get('/stats'), await financeHttp.get('/nope'),
  ];
  for (const response of answers) {
    const where = `${response.config.method} ${response.config.url}`;
    assert.equal(response.headers['x-powered-by'], undefined, where);
    assert.equal(response.headers['x-content-type-options'], 'nosniff', where);
    assert.match(String(response.headers['content-security-policy']), /default-src 'self'/, where);
    assert.ok(response.headers['x-frame-options'] ?? String(response.headers['content-security-policy']).includes('frame-ancestors'), where);
    assert.ok(response.headers['referrer-policy'], where);
  }
  recordFigure('security headers', 'answers checked', answers.length);
});

test('no error body shows a stack trace, a file path or the API key', () => {
  assert.ok(errorBodies.length > 40);
  for (const body of errorBodies) {
    assert.doesNotMatch(body, /\bat .+:\d+:\d+|node_modules|\.ts\b|hostile-test-key/, body.slice(0, 200));
    // the paths that would give the machine away: where the project lives, and whose home it is in
    for (const internal of [projectRoot, os.homedir()]) assert.ok(!body.includes(internal), `${body.slice(0, 200)} shows ${internal}`);
  }
  recordFigure('error bodies', 'checked for internals', errorBodies.length);
});

test('the finance package refuses every payment without its key', async () => {
  const financeHttp = httpClient(finance.url);
  const payment = { orderId: 1, product: 'Mug', customer: 'Ada', date: '2024-01-15T09:30:00+00:00' };
  for (const headers of [{}, { 'x-api-key': '' }, { 'x-api-key': 'local-dev-key' }, { 'x-api-key': 'hostile-test-key-and-more' }, { 'X-API-KEY': 'wrong' }]) {
    assert.equal((await financeHttp.post('/ProcessPayment', payment, { headers })).status, 401, JSON.stringify(headers));
  }
  assert.equal((await financeHttp.post('/ProcessPayment', payment, { headers: { 'x-api-key': 'hostile-test-key' } })).status, 200);
  assert.ok(!app.output().includes('hostile-test-key') && !finance.output().includes('hostile-test-key'), 'the key is never logged');
});
