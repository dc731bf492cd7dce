// One webhook POST, made safe to point at a URL someone typed: loopback only (the address is checked
// when it is resolved, so a name that resolves elsewhere is refused too), a time limit for the whole
// exchange, at most a few KB of the answer read, and no redirects followed (a 3xx is a failure).
// Retries with backoff are the caller's (notifier.ts): this is one attempt.
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';

export interface WebhookLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

export type WebhookOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; retry: boolean; error: string };

export function isLoopbackAddress(address: string): boolean {
  if (net.isIPv4(address)) return address.startsWith('127.');
  const lower = address.toLowerCase();
  return lower === '::1' || lower.startsWith('::ffff:127.');
}

/** Checked when a receiver is saved, so a learner hears at once why an address will not do. */
export function loopbackProblem(serviceUri: string): string | null {
  const url = new URL(serviceUri);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || isLoopbackAddress(host)) return null;
  return `${url.hostname} is not a loopback address: local-insights only sends webhooks to this machine (localhost, 127.0.0.1, ::1)`;
}

/** dns.lookup's answer with every address, the form the check below needs. */
export type ResolveAll = (hostname: string, options: dns.LookupOptions, callback: (error: Error | null, addresses: dns.LookupAddress[]) => void) => void;
const resolveWithDns: ResolveAll = (hostname, options, callback) => dns.lookup(hostname, { ...options, all: true }, callback);

/**
 * A socket lookup that refuses any answer that is not loopback: the check happens where the socket
 * connects, so a name that passed `loopbackProblem` but resolves elsewhere (a changed hosts file, a
 * rebinding DNS answer) is refused too. `resolve` is the resolver asked (dns.lookup unless a test
 * gives one that answers what this machine's DNS cannot be made to).
 */
export function loopbackLookup(resolve: ResolveAll = resolveWithDns): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, list) => {
      if (error) return callback(error, '', 4);
      const outside = list.find((a) => !isLoopbackAddress(a.address));
      if (outside || list.length === 0) return callback(new Error(`${hostname} resolves to ${outside?.address ?? 'nothing'}, not a loopback address`), '', 4);
      if (options.all) return callback(null, list);
      const first = list[0];
      return first ? callback(null, first.address, first.family) : callback(new Error(`${hostname} did not resolve`), '', 4);
    });
  };
}

export function postWebhook(serviceUri: string, payload: unknown, limits: WebhookLimits): Promise<WebhookOutcome> {
  const url = new URL(serviceUri);
  const problem = loopbackProblem(serviceUri);
  if (problem) return Promise.resolve({ ok: false, retry: false, error: problem });
  const body = Buffer.from(JSON.stringify(payload));
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: WebhookOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = transport.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length, 'user-agent': 'local-insights-alerts' },
      lookup: loopbackLookup(),
      agent: false,
    }, (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        const room = limits.maxResponseBytes - size;
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += chunk.length;
        // Enough read: what a receiver says beyond a few KB is of no use to an alert, so stop there.
        if (size >= limits.maxResponseBytes) done();
      });
      const done = () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) finish({ ok: true, status, body: text });
        else if (status >= 300 && status < 400) finish({ ok: false, retry: false, error: `answered ${status} (a redirect to ${response.headers.location ?? 'nowhere'}); webhooks do not follow redirects` });
        // As Azure's action groups do, retry what may pass later: 408, 429 and 5xx.
        else finish({ ok: false, retry: status === 408 || status === 429 || status >= 500, error: `answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}` });
      };
      response.on('end', done);
      response.on('error', (error) => finish({ ok: false, retry: true, error: error.message }));
    });
    const timer = setTimeout(() => finish({ ok: false, retry: true, error: `no complete answer within ${limits.timeoutMs} ms` }), limits.timeoutMs);
    request.on('error', (error) => finish({ ok: false, retry: !/not a loopback address/.test(error.message), error: error.message }));
    request.end(body);
  });
}
