import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidSetting } from '../platform/settings';
import { loadInsightsConfig } from './config';

test('alerting settings default to real time and the outbox only', () => {
  const config = loadInsightsConfig({});
  assert.deepEqual([config.alertTimeScale, config.smtpUrl, config.alertMailFrom], [1, null, 'local-insights@localhost']);
});

test('ALERT_TIME_SCALE and SMTP_URL are read, and a bad value names the variable while an SMTP password stays hidden', () => {
  const config = loadInsightsConfig({ ALERT_TIME_SCALE: '30', SMTP_URL: 'smtp://localhost:1025' });
  assert.deepEqual([config.alertTimeScale, config.smtpUrl], [30, 'smtp://localhost:1025']);
  assert.throws(() => loadInsightsConfig({ ALERT_TIME_SCALE: '0.5' }), (error: unknown) =>
    error instanceof InvalidSetting && /^ALERT_TIME_SCALE="0\.5" is not allowed: must be a number from 1 to 3600$/.test(error.message));
  assert.throws(() => loadInsightsConfig({ SMTP_URL: 'http://user:secret@mail' }), (error: unknown) =>
    error instanceof InvalidSetting && /^SMTP_URL=\(hidden\) is not allowed: must be an smtp:\/\/ or smtps:\/\/ URL/.test(error.message) && !error.message.includes('secret'));
});
