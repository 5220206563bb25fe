import { createConnection, createServer, type Socket } from "node:net";

export type TcpProxy = {
  /** `http://127.0.0.1:<port>`: point a client here instead of at the target. */
  url: string;
  port: number;
  /** Starts an outage: open connections are reset and every new one is reset as soon as it is accepted. */
  cut: () => void;
  /** Ends the outage: new connections are forwarded again. */
  restore: () => void;
  /** Connections reset because of an outage (a client that backs off makes few). */
  readonly dropped: number;
  close: () => Promise<void>;
};

/**
 * A TCP proxy in front of a local server (an anvil), for RPC outages: while cut, it accepts connections and resets
 * them at once, as a crashed load balancer or a flapping network does, so clients see ECONNRESET / "socket hang up"
 * rather than a clean refusal. Bytes pass through untouched otherwise.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  let dropped = 0;
  /** Each forwarded client connection and its upstream connection. */
  const open = new Map<Socket, Socket>();
  const reset = (socket: Socket) => {
    // an RST rather than a FIN: the client cannot mistake it for an orderly end of a response
    if (!socket.destroyed) socket.resetAndDestroy();
  };
  const server = createServer((client) => {
    if (down) {
      dropped++;
      reset(client);
      return;
    }
    const upstream = createConnection(target);
    open.set(client, upstream);
    const forget = () => open.delete(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", () => {
      upstream.destroy();
      forget();
    });
    upstream.on("close", () => {
      client.destroy();
      forget();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await new Promise<number>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (typeof address === "object" && address) ok(address.port);
      else fail(new Error("the proxy has no TCP address"));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cut: () => {
      down = true;
      for (const [client, upstream] of open) {
        dropped++;
        reset(client);
        upstream.destroy();
      }
      open.clear();
    },
    restore: () => {
      down = false;
    },
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const [client, upstream] of open) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => done());
      }),
  };
}
