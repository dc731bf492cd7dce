// Preloaded (node --require) into processes under test: refuses and records every connection or
// name lookup that would leave loopback, so a test can prove the telemetry SDK reaches nothing but
// the ingestion endpoint it was given. Records go, one per line, to LOOPBACK_GUARD_FILE.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const file = process.env.LOOPBACK_GUARD_FILE;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)$/i;

function record(kind, target) {
  if (file) fs.appendFileSync(file, `${kind} ${target}\n`);
}

function targetOf(args) {
  const first = args[0];
  if (Array.isArray(first)) return targetOf(first);
  if (first && typeof first === 'object') return first.path ? null : String(first.host ?? 'localhost');
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  return null; // a unix socket path
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = targetOf(args);
  if (host !== null && !LOOPBACK.test(host)) {
    record('connect', host);
    process.nextTick(() => this.destroy(new Error(`loopback-guard: connection to ${host} refused`)));
    return this;
  }
  return originalConnect.apply(this, args);
};

for (const name of ['lookup']) {
  const original = dns[name];
  dns[name] = function guardedLookup(hostname, ...rest) {
    if (typeof hostname === 'string' && !LOOPBACK.test(hostname)) {
      record('lookup', hostname);
      const callback = rest.find((r) => typeof r === 'function');
      const error = Object.assign(new Error(`loopback-guard: lookup of ${hostname} refused`), { code: 'ENOTFOUND' });
      if (callback) process.nextTick(() => callback(error));
      return undefined;
    }
    return original.call(this, hostname, ...rest);
  };
}
