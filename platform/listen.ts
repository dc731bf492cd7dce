// Starts an Express app listening, resolving once it is (or rejecting, e.g. when the port is taken).
// Without a host it listens on every interface, as a container on App Service must; `npm start`
// gives 127.0.0.1, so on a laptop nothing is reachable from the network.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export async function listen(app: Express, port: number, host?: string): Promise<{ server: Server; port: number; url: string }> {
  const server = host === undefined ? app.listen(port) : app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo; // a TCP server always has an AddressInfo
  return { server, port: address.port, url: `http://localhost:${address.port}` };
}
