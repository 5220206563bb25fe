import { readFileSync } from "node:fs";
import { FatalError } from "@symbiote/sdk";
import { getAddress, type Hex, isAddress } from "viem";
import { z } from "zod";

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), { error: "must be an address" })
  .transform((value) => getAddress(value));
/** Token amounts are decimal strings in wei (JSON numbers lose precision above 2^53). */
const wei = z
  .string()
  .regex(/^\d+$/, { error: "must be a decimal string in wei" })
  .transform((value) => BigInt(value));
const int = z.number().int().min(0);

/** `script/config/<network>.json`: the parameters script/Deploy.s.sol deploys with (see docs/deployment.md). */
export const networkConfigSchema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  token: z.object({ name: z.string(), symbol: z.string(), initialSupply: wei, cap: wei, treasury: address }),
  governance: z.object({
    votingDelay: int,
    votingPeriod: int,
    proposalThreshold: wei,
    quorumPercent: int,
    timelockDelay: int,
  }),
  staking: z.object({ cooldown: int, minOperatorStake: wei }),
  coordinator: z.object({
    feeShares: z.object({
      operatorBps: int,
      modelOwnerBps: int,
      dataBps: int,
      stakersBps: int,
      treasuryBps: int,
    }),
    exclusiveWindow: int,
    requestTimeout: int,
    maxCallbackGas: int,
    slashAmount: wei,
    roundBlocks: int,
    callbackFeePerGas: wei,
  }),
  vrf: z.object({
    mock: z.boolean(),
    coordinator: address,
    keyHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/) as z.ZodType<Hex>,
    subscriptionId: wei,
    callbackGasLimit: int,
    requestConfirmations: int,
    nativePayment: z.boolean(),
    addConsumer: z.boolean(),
    mockFunding: wei,
  }),
  priceFeeds: z.array(z.object({ name: z.string(), address, mockDecimals: int, mockAnswer: wei })),
  circuits: z.object({ artifactBaseURI: z.string() }),
  demoModels: z.object({ enabled: z.boolean(), owner: address }),
});

export type NetworkConfig = z.output<typeof networkConfigSchema>;

/** The demo models of script/config/demo-models.json. */
export const demoModelsSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      publicCircuit: z.string(),
      committedCircuit: z.string(),
      feePerInference: wei,
      weightsCommitment: wei,
      metadataURI: z.string(),
    }),
  ),
});

export type DemoModel = z.output<typeof demoModelsSchema>["models"][number];

function readJson<T extends z.ZodType>(path: string, schema: T, what: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new FatalError(`cannot read ${what} ${path}.`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new FatalError(`${path} is not a valid ${what}:\n${issues.join("\n")}`);
  }
  return parsed.data;
}

/** Reads a network configuration file. */
export function readNetworkConfig(path: string): NetworkConfig {
  return readJson(path, networkConfigSchema, "network configuration");
}

/** Reads the demo-model list. */
export function readDemoModels(path: string): DemoModel[] {
  return readJson(path, demoModelsSchema, "demo-model list").models;
}
