import { z } from "zod";

const url = (protocols: readonly string[], what: string) =>
  z.string({ error: `must be a ${what} URL string, e.g. ${protocols[0]}://127.0.0.1:8545` }).refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    },
    { error: `must be a ${what} URL (${protocols.map((p) => `${p}://`).join(" or ")}…)` },
  );

const positiveInt = (what: string) =>
  z.number({ error: `must be a number (${what})` }).int({ error: `must be a whole number (${what})` });

/** Where the operator key comes from: a file holding the 0x-prefixed hex key, or an environment variable. */
const operatorKeySchema = z.union(
  [
    z.strictObject({ file: z.string().min(1, { error: "must name the key file, e.g. ./operator.key" }) }),
    z.strictObject({
      env: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, { error: "must be an environment variable name, e.g. SYMBIOTE_OPERATOR_KEY" }),
    }),
  ],
  { error: 'must be { "file": "<path to key file>" } or { "env": "<VARIABLE_NAME>" }' },
);

/**
 * The operator node's configuration file (JSON). Relative paths are resolved against the file's folder.
 * `docs/operator.md` describes every field.
 */
export const configSchema = z.strictObject({
  chainId: positiveInt("the chain id, e.g. 31337 for anvil").positive({ error: "must be a positive chain id" }),
  rpc: z.strictObject({
    http: z
      .array(url(["http", "https"], "HTTP(S)"))
      .min(1, { error: "list at least one HTTP RPC URL; later ones are fallbacks" }),
    ws: z.array(url(["ws", "wss"], "WebSocket")).default([]),
  }),
  /** The deployment file written by the deploy script (deployments/<chainId>.json). */
  deployment: z.string().min(1, { error: "must name the deployment file, e.g. deployments/31337.json" }),
  operatorKey: operatorKeySchema,
  /** Folder of the node's own state: the job database. */
  dataDir: z.string().min(1, { error: "must name a folder for the node's state, e.g. ./oracle-data" }),
  modelStore: z.strictObject({
    dir: z.string().min(1, { error: "must name the model store folder, e.g. ./models" }),
    /** Optional gateway serving blobs by content hash: GET <gateway>/<sha256 hex> (an HTTP server or IPFS gateway). */
    gateway: url(["http", "https"], "HTTP(S)").optional(),
  }),
  /** Committed-input requests: the data owner's local store of private inputs (see docs/operator.md). */
  dataStore: z.strictObject({ dir: z.string().min(1) }).optional(),
  proving: z
    .strictObject({
      concurrency: positiveInt("worker threads proving at once")
        .min(1, { error: "must be at least 1" })
        .max(64, { error: "must be at most 64; one per core is a good start" }),
    })
    .default({ concurrency: 1 }),
  confirmations: positiveInt("blocks a request must be buried under before it is served")
    .min(0, { error: "must be 0 or more" })
    .max(256, { error: "must be at most 256" })
    .default(2),
  watcher: z
    .strictObject({
      pollIntervalMs: positiveInt("milliseconds between polls").min(50).default(1000),
      maxLogRange: positiveInt("blocks per eth_getLogs call during catch-up")
        .min(1)
        .max(100_000, { error: "must be at most 100000 blocks; providers refuse larger ranges" })
        .default(2000),
      /** First block to scan when the job store has no cursor yet (the deployment block). */
      startBlock: positiveInt("first block to scan").min(0).optional(),
    })
    .default({ pollIntervalMs: 1000, maxLogRange: 2000 }),
  gas: z
    .strictObject({
      /** Ceiling for maxFeePerGas, in gwei: the node never bids more. */
      maxFeeGwei: z.number().positive({ error: "must be a positive number of gwei" }).default(500),
      /** Priority fee (tip) of a first attempt, in gwei. */
      priorityFeeGwei: z.number().min(0, { error: "must be 0 or more gwei" }).default(1),
      /** Percent by which a replacement raises both fees; nodes refuse replacements below 10%. */
      bumpPercent: positiveInt("percent fee bump of a replacement")
        .min(10, { error: "must be at least 10: nodes refuse replacements that bump fees by less than 10%" })
        .max(500)
        .default(20),
      /** A sent transaction not mined after this long is replaced with bumped fees. */
      stuckAfterMs: positiveInt("milliseconds before a pending transaction counts as stuck").min(1000).default(30_000),
      /** Most fulfillments per fulfillBatch transaction. */
      maxBatch: positiveInt("fulfillments per batch").min(1).max(50).default(10),
      /**
       * How long a ready proof may wait for proofs still being made, so they share one fulfillBatch (less gas per
       * inference, up to this much more latency). 0 sends each proof as soon as it is ready.
       */
      batchWaitMs: positiveInt("milliseconds a ready proof may wait to be batched")
        .min(0, { error: "must be 0 (send at once) or more" })
        .max(60_000, { error: "must be at most 60000; longer waits risk the exclusive window" })
        .default(0),
    })
    .default({
      maxFeeGwei: 500,
      priorityFeeGwei: 1,
      bumpPercent: 20,
      stuckAfterMs: 30_000,
      maxBatch: 10,
      batchWaitMs: 0,
    }),
  metrics: z
    .strictObject({
      port: positiveInt("TCP port")
        .min(0)
        .max(65_535, { error: "must be a TCP port between 0 and 65535 (0 picks a free one)" }),
      host: z.string().default("127.0.0.1"),
    })
    .default({ port: 9464, host: "127.0.0.1" }),
  /**
   * What the node does at start about the versions it declares (docs/operator.md, "Declared versions").
   * `withdrawUnservable`: withdraw, in one transaction, the declarations of versions it will not prove (artifacts or
   * weights missing, or weights the publisher binding refuses), since a request drawn for one times out and is
   * slashed; false only logs a warning about them.
   */
  declarations: z
    .strictObject({
      withdrawUnservable: z.boolean({ error: "must be true or false" }).default(true),
    })
    .default({ withdrawUnservable: true }),
  /**
   * Fault injection for resilience tests (test/oracle/resilience/); leave unset in production. `proofDelayMs` makes
   * each prover process wait that long before it proves, so a job stays in `proving` long enough to `kill -9` the
   * node there. The node logs a warning at start when any fault is set.
   */
  /**
   * The decision explorer (docs/explorer.md), served at /explorer/ on the metrics port when enabled (or with
   * `symbiote-oracle start --explorer`): the built page, its configuration and a read-only relay to rpc.http[0].
   */
  explorer: z
    .strictObject({
      enabled: z.boolean({ error: "must be true or false" }).default(false),
      /** The built explorer; default explorer/dist in this repository (npm run explorer:build). */
      dist: z.string().min(1, { error: "must name the built explorer folder, e.g. ../explorer/dist" }).optional(),
      /** An IPFS gateway, e.g. https://ipfs.io/ipfs/: the page fetches cards from it by CID (`<gateway>/{cid}`). */
      ipfsGateway: url(["http", "https"], "HTTP(S)").optional(),
      /**
       * More places the page fetches model cards from by digest, tried after this node's own store: URL templates with
       * {hash} (the card's sha256, hex) or {cid} (its CIDv1), e.g. http://other-operator:9464/cards/{hash}.
       */
      cardGateways: z
        .array(
          z.string().refine((t) => t.includes("{hash}") || t.includes("{cid}"), {
            error: "must be a URL template naming the card by {hash} or {cid}, e.g. https://gateway/cards/{hash}",
          }),
        )
        .default([]),
    })
    .default({ enabled: false, cardGateways: [] }),
  faultInjection: z
    .strictObject({
      proofDelayMs: positiveInt("milliseconds a prover waits before each proof")
        .min(0, { error: "must be 0 or more milliseconds" })
        .max(600_000, { error: "must be at most 600000 ms (10 minutes)" })
        .default(0),
    })
    .optional(),
  log: z
    .strictObject({
      level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    })
    .default({ level: "info" }),
});

export type ConfigFile = z.input<typeof configSchema>;
export type ParsedConfigFile = z.output<typeof configSchema>;
