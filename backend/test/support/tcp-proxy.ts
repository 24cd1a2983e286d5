import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';

/**
 * forward: a working database. reset: every connection is cut at once (a database restarting).
 * blackhole: connections are accepted and never answered (a hung database or a lost network).
 * freeze: as `docker pause`: open connections stay open, every byte either way waits, new ones are
 * accepted and wait too; back to forward, everything waiting flows on, as when the server wakes up.
 */
export type ProxyMode = 'forward' | 'reset' | 'blackhole' | 'freeze';

export interface TcpProxy {
  port: number;
  /** Switches the mode; open connections are cut, as the database's would be, except into and out of freeze. */
  setMode(mode: ProxyMode): void;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/** A loopback TCP proxy, so a test can take the database away from one app without stopping it. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  // Unpiped, a socket buffers what arrives (in the kernel once its buffer fills): nothing is lost.
  const freeze = ([client, upstream]: [Socket, Socket]) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
  };
  const thaw = ([client, upstream]: [Socket, Socket]) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'reset') client.destroy();
    if (mode !== 'forward' && mode !== 'freeze') return;
    const upstream = createConnection({ host: target.host, port: target.port });
    track(upstream);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    if (mode === 'forward') thaw(pair);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    setMode: (next) => {
      const previous = mode;
      mode = next;
      if (next === 'freeze') for (const pair of pairs) freeze(pair);
      else if (previous === 'freeze' && next === 'forward') for (const pair of pairs) thaw(pair);
      else dropAll();
    },
    close: async () => {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropAll();
      await closed;
    },
  };
}
