// Real receivers on loopback for alert notifications: an HTTP endpoint that records what it is sent
// (and can be told to fail, stall, redirect or answer too much), and an SMTP listener (npm
// smtp-server, through scripts/mail-catcher.ts) that keeps the mail it receives.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMailCatcher, type CaughtMail } from '../../scripts/mail-catcher';

export type WebhookBehaviour = 'ok' | 'fail-500' | 'hang' | 'redirect' | 'huge';

export interface WebhookReceiver {
  url: (behaviour?: WebhookBehaviour) => string;
  received: Array<{ path: string; body: unknown }>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', body: text ? JSON.parse(text) : null });
      const behaviour = (req.url ?? '').slice(1);
      if (behaviour === 'fail-500') return void res.writeHead(500).end('receiver broken');
      if (behaviour === 'hang') return; // never answers: the sender's time limit must end it
      if (behaviour === 'redirect') return void res.writeHead(302, { location: 'http://192.0.2.1/elsewhere' }).end();
      if (behaviour === 'huge') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('x'.repeat(64 * 1024));
        return; // and never ends: the sender must stop reading at its cap
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (behaviour = 'ok') => `http://127.0.0.1:${port}/${behaviour}`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SmtpListener {
  url: string;
  mails: CaughtMail[];
  close(): Promise<void>;
}

/** scripts/mail-catcher.ts's listener, on a free port, keeping what it receives. */
export async function startSmtpListener(): Promise<SmtpListener> {
  const mails: CaughtMail[] = [];
  const catcher = await startMailCatcher(0, (mail) => mails.push(mail));
  return { url: catcher.url, mails, close: () => catcher.close() };
}
