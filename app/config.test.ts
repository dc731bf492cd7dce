import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppConfig } from './config';
import { InvalidSetting } from '../platform/settings';

test('with no settings the app uses the documented defaults and the embedded database', () => {
  const config = loadAppConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.finance.baseUrl, 'http://localhost:3001');
  assert.equal(config.finance.apiKey, 'local-dev-key');
  assert.equal(config.job.intervalMs, 5000);
  assert.deepEqual(config.database, { kind: 'sqlite', file: 'data/orders.db', maxSizeMb: 100 });
  assert.equal(config.appInsightsConnectionString, undefined);
});

test('fractions of a second down to 0.05 are accepted for the job interval', () => {
  assert.equal(loadAppConfig({ SCHEDULED_JOB_INTERVAL_SECONDS: '0.05' }).job.intervalMs, 50);
});

test('a job interval below 0.05 s stops the app with one line naming the variable, the value and what is allowed', () => {
  assert.throws(() => loadAppConfig({ SCHEDULED_JOB_INTERVAL_SECONDS: '0.01' }), {
    name: 'InvalidSetting',
    message: 'SCHEDULED_JOB_INTERVAL_SECONDS="0.01" is not allowed: must be a number from 0.05 to 3600',
  });
});

test('bad values are refused, each naming its variable', () => {
  const cases: Record<string, string> = {
    PORT: '70000', FINANCE_PACKAGE_URL: 'localhost:3001', DATABASE_MAX_SIZE_MB: '0', SCHEDULED_JOB_INTERVAL_SECONDS: 'fast',
    PAYMENT_MAX_ATTEMPTS: '2.5', LOG_LEVEL: 'loud',
  };
  for (const [name, value] of Object.entries(cases)) {
    assert.throws(() => loadAppConfig({ [name]: value }), (error: unknown) => {
      assert.ok(error instanceof InvalidSetting);
      assert.ok(error.message.startsWith(`${name}="${value}" is not allowed: `), error.message);
      return true;
    });
  }
});

test('an empty value counts as unset, as App Service passes cleared settings', () => {
  assert.equal(loadAppConfig({ PORT: '' }).port, 3000);
});

test('DB_SERVER_NAME selects SQL Server and requires the database, user and password', () => {
  assert.throws(() => loadAppConfig({ DB_SERVER_NAME: 'x.database.windows.net', DATABASE_PASSWORD: 'S3cret!pass' }), (error: unknown) => {
    assert.ok(error instanceof InvalidSetting);
    assert.match(error.message, /DATABASE_NAME=\(unset\) is not allowed: must be set when DB_SERVER_NAME is set/);
    assert.doesNotMatch(error.message, /S3cret/);
    return true;
  });
  const config = loadAppConfig({ DB_SERVER_NAME: 'x.database.windows.net', DATABASE_NAME: 'orders', DATABASE_USER: 'app', DATABASE_PASSWORD: 'S3cret!pass' });
  assert.equal(config.database.kind, 'mssql');
  assert.ok(config.secrets.includes('S3cret!pass'));
});

test('a secret with a bad value is shown as (hidden) in the error', () => {
  assert.throws(() => loadAppConfig({ FINANCE_API_KEY: 'k'.repeat(300) }), {
    message: /^FINANCE_API_KEY=\(hidden\) is not allowed/,
  });
});

test('the instrumentation key inside a connection string is treated as a secret of its own', () => {
  const ikey = '0b7c3f5e-1d2a-4c6b-9e8f-a1b2c3d4e5f6';
  const config = loadAppConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${ikey};IngestionEndpoint=http://127.0.0.1:1/` });
  assert.ok(config.secrets.includes(ikey));
});

test('the lease must outlast the payment timeout, or a slow payment would be claimed twice', () => {
  assert.throws(() => loadAppConfig({ PAYMENT_TIMEOUT_SECONDS: '30', ORDER_LEASE_SECONDS: '20' }), { message: /^ORDER_LEASE_SECONDS="20"/ });
});

test('the build commit is added to the reported version', () => {
  assert.match(loadAppConfig({ BUILD_COMMIT: '0123456789abcdef0123' }).version, /^\d+\.\d+\.\d+\+0123456789ab$/);
});

test('a malformed Application Insights connection string stops the app with a hint, its value hidden', () => {
  for (const bad of ['InstrumentationKey=x', 'abc', 'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=localhost:3002']) {
    assert.throws(() => loadAppConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: bad }), {
      message: /^APPLICATIONINSIGHTS_CONNECTION_STRING=\(hidden\) is not allowed: must be an Application Insights connection string/,
    });
  }
  const azure = 'InstrumentationKey=0b7c3f5e-1d2a-4c6b-9e8f-a1b2c3d4e5f6;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/';
  assert.equal(loadAppConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: azure }).appInsightsConnectionString, azure);
});

test('HOST is where the app listens: unset means every interface (the container), an address is kept as given', () => {
  assert.equal(loadAppConfig({}).host, undefined);
  assert.equal(loadAppConfig({ HOST: '127.0.0.1' }).host, '127.0.0.1');
});
