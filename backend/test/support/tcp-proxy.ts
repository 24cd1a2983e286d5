import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';

/**
 * forward: a working database. reset: every connection is cut at once (a database restarting).
 * blackhole: connections are accepted and never answered (a hung database or a lost network).
 */
export type ProxyMode = 'forward' | 'reset' | 'blackhole';

export interface TcpProxy {
  port: number;
  /** Switches the mode; open connections are cut, as the database's would be. */
  setMode(mode: ProxyMode): void;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/** A loopback TCP proxy, so a test can take the database away from one app without stopping it. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'reset') client.destroy();
    if (mode !== 'forward') return;
    const upstream = createConnection({ host: target.host, port: target.port });
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    setMode: (next) => {
      mode = next;
      dropAll();
    },
    close: async () => {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropAll();
      await closed;
    },
  };
}
