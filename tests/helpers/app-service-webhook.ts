// App Service's container webhook on loopback: Kudu's `POST /api/registry/webhook`, which answers
// only to the site's deployment credentials (Basic auth) and 401 to anything else, as Azure does.
// It remembers every call, so a test sees which user a pipeline really sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A site's deployment credentials: the user is the app's name with a `$` in front. */
export interface DeploymentCredentials { user: string; password: string }

export interface WebhookCall { method: string; path: string; user: string | undefined; status: number }

export interface AppServiceWebhook {
  /**
   * The *Webhook URL* as Deployment Center shows it,
   * `https://$<app>:<password>@<app>.scm.azurewebsites.net/api/registry/webhook`,
   * with the scheme and host of this receiver: the credentials part is untouched.
   */
  urlFor(site: DeploymentCredentials): string;
  calls: WebhookCall[];
  close(): Promise<void>;
}

function basicAuth(header: string | undefined): DeploymentCredentials | undefined {
  const match = /^Basic (.+)$/.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startAppServiceWebhook(sites: DeploymentCredentials[]): Promise<AppServiceWebhook> {
  const calls: WebhookCall[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const sent = basicAuth(req.headers.authorization);
      const known = sites.some((site) => site.user === sent?.user && site.password === sent.password);
      const status = req.url !== '/api/registry/webhook' ? 404 : req.method !== 'POST' ? 405 : known ? 200 : 401;
      calls.push({ method: req.method ?? '', path: req.url ?? '', user: sent?.user, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (site) => `http://${site.user}:${site.password}@127.0.0.1:${port}/api/registry/webhook`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
