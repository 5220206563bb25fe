import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.ts";

export type Health = () => { ok: boolean; details: Record<string, unknown> };

/** More routes on the same port (the decision explorer): resolves true when it answered the request. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Serves `/metrics` (Prometheus text) and `/healthz` (200 when healthy, 503 otherwise, JSON details), then any
 * `extraRoutes` (the node mounts the decision explorer at `/explorer/` with `--explorer`).
 */
export async function startMetricsServer(
  metrics: Metrics,
  health: Health,
  host: string,
  port: number,
  extraRoutes?: ExtraRoutes,
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const notFound = (res: ServerResponse) => {
    res.writeHead(404);
    res.end(`not found: try /metrics or /healthz${extraRoutes ? " or /explorer/" : ""}\n`);
  };
  const server = createServer((req, res) => {
    if (req.url === "/metrics") {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": metrics.registry.contentType });
          res.end(text);
        },
        (error: Error) => {
          res.writeHead(500);
          res.end(error.message);
        },
      );
      return;
    }
    if (req.url === "/healthz") {
      const { ok, details } = health();
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok, ...details }, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
      return;
    }
    if (!extraRoutes) return notFound(res);
    extraRoutes(req, res).then(
      (answered) => {
        if (!answered) notFound(res);
      },
      (error: Error) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(error.message);
      },
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((ok) => {
        // a browser keeps idle connections open; they must not hold the node's shutdown
        server.closeIdleConnections();
        server.close(() => ok());
      }),
  };
}
