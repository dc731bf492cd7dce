// Real receivers on loopback for alert notifications: an HTTP endpoint that records what it is sent
// (and can be told to fail, stall, redirect or answer too much), and an SMTP listener (npm
// smtp-server) that keeps the mail it receives.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

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
  mails: Array<{ from: string; to: string[]; raw: string }>;
  close(): Promise<void>;
}

export async function startSmtpListener(): Promise<SmtpListener> {
  const mails: SmtpListener['mails'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
