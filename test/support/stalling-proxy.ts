import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface StallingProxy {
  /** `127.0.0.1:<port>`, to put in a connection string in place of the database's address. */
  address: string;
  /** From now on no byte passes, either way: open connections stay open and silent, new ones are accepted and left silent. */
  stall(): void;
  /** Connections pass again; the ones that stalled are closed, as a real network partition would leave them. */
  recover(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a database that can stop passing bytes without closing anything: the fault
 * where a database (or the network to it) accepts connections but never answers, which no error or
 * refused connection reveals. Loopback only; stops with `close()`.
 */
export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  let stalled = false;
  const pairs = new Set<[Socket, Socket | undefined]>();
  const server = createServer((client) => {
    const pair: [Socket, Socket | undefined] = [client, undefined];
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair[1]?.destroy();
      pairs.delete(pair);
    });
    if (stalled) return client.pause();
    const upstream = createConnection(target);
    pair[1] = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk) => stalled || upstream.write(chunk));
    upstream.on('data', (chunk) => stalled || client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    stall: () => {
      stalled = true;
    },
    recover: () => {
      stalled = false;
      for (const [client] of pairs) client.destroy();
    },
    close: async () => {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
