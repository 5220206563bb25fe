import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.ts";

export type Health = () => { ok: boolean; details: Record<string, unknown> };

/** Serves `/metrics` (Prometheus text) and `/healthz` (200 when healthy, 503 otherwise, JSON details). */
export async function startMetricsServer(
  metrics: Metrics,
  health: Health,
  host: string,
  port: number,
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
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
    res.writeHead(404);
    res.end("not found: try /metrics or /healthz\n");
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
