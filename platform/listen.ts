// Starts an Express app listening, resolving once it is (or rejecting, e.g. when the port is taken).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export async function listen(app: Express, port: number): Promise<{ server: Server; port: number; url: string }> {
  const server = app.listen(port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo; // a TCP server always has an AddressInfo
  return { server, port: address.port, url: `http://localhost:${address.port}` };
}
