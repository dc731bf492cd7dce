// Preloaded (node --require) into processes under test: refuses and records every attempt to reach
// beyond loopback, so a test can prove the telemetry SDK reaches nothing but the ingestion endpoint
// it was given. Records go, one per line, to LOOPBACK_GUARD_FILE; the first line a process writes
// is `loaded <pid>`, so a test can tell "nothing was attempted" from "the guard never ran".
//
// Every way out is covered where Node funnels it: TCP (net.Socket#connect, which http, https,
// tls, http2 and fetch all use; tls.connect and http2.connect are also watched by name), name
// lookups (dns.lookup and dns.promises.lookup, every resolve* of both, and dns.Resolver's), and
// UDP (dgram sockets' send and connect).
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');
const http2 = require('node:http2');
const dns = require('node:dns');
const dgram = require('node:dgram');

const file = process.env.LOOPBACK_GUARD_FILE;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)$/i;
const isLoopback = (host) => LOOPBACK.test(String(host));

function record(kind, target) {
  if (file) fs.appendFileSync(file, `${kind} ${target}\n`);
}
record('loaded', process.pid);

function refused(what, target) {
  return Object.assign(new Error(`loopback-guard: ${what} ${target} refused`), { code: 'ENOTFOUND' });
}

function targetOf(args) {
  const first = args[0];
  if (Array.isArray(first)) return targetOf(first);
  if (first && typeof first === 'object') return first.path ? null : String(first.host ?? first.hostname ?? 'localhost');
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof args[1] === 'string' ? args[1] : 'localhost';
  return null; // a unix socket path
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = targetOf(args);
  if (host !== null && !isLoopback(host)) {
    record('connect', host);
    process.nextTick(() => this.destroy(refused('connection to', host)));
    return this;
  }
  return originalConnect.apply(this, args);
};

// tls.connect and http2.connect reach net.Socket#connect too; watched by name as well, so a
// change inside Node cannot open a way round the guard unseen.
const originalTlsConnect = tls.connect;
tls.connect = function guardedTlsConnect(...args) {
  const host = targetOf(args);
  if (host !== null && !isLoopback(host)) record('tls', host);
  return originalTlsConnect.apply(this, args);
};
const originalHttp2Connect = http2.connect;
http2.connect = function guardedHttp2Connect(authority, ...rest) {
  const host = typeof authority === 'string' ? new URL(authority).hostname : authority?.hostname;
  if (host && !isLoopback(host)) record('http2', host);
  return originalHttp2Connect.call(this, authority, ...rest);
};

const RESOLVERS = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr',
  'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];

function guardCallbackStyle(target, name, kind) {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function guarded(hostname, ...rest) {
    if (typeof hostname === 'string' && !isLoopback(hostname)) {
      record(kind, hostname);
      const callback = rest.find((r) => typeof r === 'function');
      if (callback) process.nextTick(() => callback(refused(kind, hostname)));
      return undefined;
    }
    return original.call(this, hostname, ...rest);
  };
}

function guardPromiseStyle(target, name, kind) {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function guarded(hostname, ...rest) {
    if (typeof hostname === 'string' && !isLoopback(hostname)) {
      record(kind, hostname);
      return Promise.reject(refused(kind, hostname));
    }
    return original.call(this, hostname, ...rest);
  };
}

guardCallbackStyle(dns, 'lookup', 'lookup');
guardPromiseStyle(dns.promises, 'lookup', 'lookup');
for (const name of RESOLVERS) {
  guardCallbackStyle(dns, name, 'resolve');
  guardCallbackStyle(dns.Resolver.prototype, name, 'resolve');
  guardPromiseStyle(dns.promises, name, 'resolve');
  guardPromiseStyle(dns.promises.Resolver.prototype, name, 'resolve');
}

// UDP: send(msg, [offset, length,] port, [address,] [callback]) and connect(port, [address], [callback]).
const originalSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  const address = args.find((a, i) => i > 0 && typeof a === 'string');
  if (address && !isLoopback(address)) {
    record('udp', address);
    const callback = args.find((a) => typeof a === 'function');
    if (callback) process.nextTick(() => callback(refused('udp to', address)));
    return undefined;
  }
  return originalSend.apply(this, args);
};
const originalUdpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedUdpConnect(port, address, ...rest) {
  if (typeof address === 'string' && !isLoopback(address)) {
    record('udp', address);
    const callback = [address, ...rest].find((a) => typeof a === 'function');
    if (callback) process.nextTick(() => callback(refused('udp to', address)));
    return undefined;
  }
  return originalUdpConnect.call(this, port, address, ...rest);
};
