// An SMTP server on this machine that prints the alert mails it receives, so the local track can
// see a mail really sent, not only kept in local-insights' outbox:
//
//   npm run build && node dist/scripts/mail-catcher.js    # listens on 127.0.0.1:1025
//   SMTP_URL=smtp://localhost:1025 npm start              # in another terminal
//
// It keeps nothing and relays nothing: each mail is printed, then dropped. The tests use the same
// listener (startMailCatcher) to receive what local-insights sends.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  raw: string;
}

export interface MailCatcher {
  url: string;
  close(): Promise<void>;
}

/** Listens on loopback only; port 0 picks a free one. */
export async function startMailCatcher(port: number, onMail: (mail: CaughtMail) => void): Promise<MailCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: nothing leaves the machine, so there is nothing to encrypt.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        onMail({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address: AddressInfo | string | null = server.server.address();
  const actualPort = address !== null && typeof address === 'object' ? address.port : port;
  return { url: `smtp://127.0.0.1:${actualPort}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (require.main === module) {
  const port = Number(process.env.MAIL_CATCHER_PORT ?? 1025);
  startMailCatcher(port, (mail) => {
    console.log(`\n--- mail from ${mail.from} to ${mail.to.join(', ')} ---\n${mail.raw}`);
  }).then(
    (catcher) => console.log(`mail-catcher: listening at ${catcher.url}; start local-insights with SMTP_URL=smtp://localhost:${port}`),
    (error: unknown) => {
      console.error(`mail-catcher: cannot listen on 127.0.0.1:${port}: ${String(error)}`);
      process.exitCode = 1;
    },
  );
}
