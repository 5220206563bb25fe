import { describe, expect, it } from "vitest";
import { blockRanges, getLogsInRanges } from "../../explorer/src/chain/logs.ts";
import { latencyStats } from "../../explorer/src/chain/operators.ts";
import { hrefFor, parseRoute, type Route } from "../../explorer/src/router.ts";

describe("hash routes", () => {
  it("reads every page and its parameters", () => {
    expect(parseRoute("")).toEqual({ page: "requests", filters: {} });
    expect(parseRoute("#/requests?model=2&requester=0xabc&status=expired&operator=")).toEqual({
      page: "requests",
      filters: { model: "2", requester: "0xabc", status: "expired" },
    });
    expect(parseRoute("#/requests?status=bogus")).toEqual({ page: "requests", filters: {} });
    expect(parseRoute("#/request/12")).toEqual({ page: "decision", id: "12" });
    expect(parseRoute("#/request/not-a-number")).toEqual({ page: "decision", id: "not-a-number" });
    expect(parseRoute("#/models")).toEqual({ page: "models" });
    expect(parseRoute("#/models/3")).toEqual({ page: "models", id: "3" });
    expect(parseRoute("#/data/0xAbC")).toEqual({ page: "data", address: "0xAbC" });
    expect(parseRoute("#/governance")).toEqual({ page: "governance" });
    expect(parseRoute("#/operators")).toEqual({ page: "operators" });
    expect(parseRoute("#/nowhere")).toEqual({ page: "not-found", path: "/nowhere" });
  });

  it("writes the hash that reads back as the same route", () => {
    const routes: Route[] = [
      { page: "requests", filters: {} },
      { page: "requests", filters: { model: "1", operator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } },
      { page: "decision", id: "7" },
      { page: "models", id: "2" },
      { page: "models" },
      { page: "data", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
      { page: "governance" },
      { page: "operators" },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(hrefFor({ page: "requests", filters: { model: "2", requester: undefined } })).toBe("#/requests?model=2");
  });
});

describe("bounded log queries", () => {
  it("splits a block span into ranges of at most the given size", () => {
    expect(blockRanges(0n, 9n, 5n)).toEqual([
      [0n, 4n],
      [5n, 9n],
    ]);
    expect(blockRanges(3n, 3n, 5n)).toEqual([[3n, 3n]]);
    expect(blockRanges(10n, 21n, 5n)).toEqual([
      [10n, 14n],
      [15n, 19n],
      [20n, 21n],
    ]);
    expect(blockRanges(5n, 4n)).toEqual([]);
  });

  it("runs the ranges a few at a time and returns the results in block order", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: [bigint, bigint][] = [];
    const logs = await getLogsInRanges(
      async (from, to) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        seen.push([from, to]);
        // later ranges answer sooner: the result must still be in block order
        await new Promise((r) => setTimeout(r, Number(100n - from)));
        inFlight--;
        return [from, to];
      },
      0n,
      99n,
      { size: 10n, concurrency: 3 },
    );
    expect(seen).toHaveLength(10);
    expect(peak).toBe(3);
    expect(logs).toEqual(blockRanges(0n, 99n, 10n).flat());
  });
});

describe("operator latency", () => {
  it("gives the median and the nearest-rank 90th percentile", () => {
    expect(latencyStats([])).toBeUndefined();
    expect(latencyStats([7])).toEqual({ samples: 1, median: 7, p90: 7 });
    expect(latencyStats([10, 2, 8, 4, 6, 1, 3, 5, 7, 9])).toEqual({ samples: 10, median: 5, p90: 9 });
  });
});
