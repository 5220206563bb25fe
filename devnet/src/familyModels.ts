/**
 * Models of the built-in families (classifier, MLP, recommender) registered on the devnet with weights the caller
 * keeps, for an operator's store.
 */
import { readFileSync } from "node:fs";
import type { Deployment } from "@symbiote/circuits";
import { modelRegistryAbi } from "@symbiote/sdk";
import { type Hex, parseEther, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { testModel } from "./models.ts";
import type { protocol } from "./protocol.ts";

export type Family = "classifier" | "mlp" | "recommender";

/** The manifest ids of a family's circuits at the shape the deploy registers (see circuits/manifest.json). */
export const FAMILY_CIRCUITS: Record<Family, { public: string; committed: string }> = {
  classifier: { public: "classifier16-public", committed: "classifier16-committed" },
  mlp: { public: "mlp16x32x4-public", committed: "mlp16x32x4-committed" },
  recommender: { public: "recommender16x32-public", committed: "recommender16x32-committed" },
};

/** The registry id of a circuit named `<manifest id>/<backend>` in a deployment file (DeploymentFile.sol). */
export function circuitIdOf(deploymentPath: string, key: string): number {
  const file = JSON.parse(readFileSync(deploymentPath, "utf8")) as { circuits: { id: number; key: string }[] };
  const found = file.circuits.find((c) => c.key === key);
  if (!found) throw new Error(`${deploymentPath} registers no circuit ${key}`);
  return found.id;
}

export type RegisteredModel = ReturnType<typeof testModel> & {
  modelId: bigint;
  /** The model's own name: the label its weights were drawn from. */
  label: string;
};

/**
 * Registers a deterministic model of `family` (models.ts) on both of its Groth16 circuits, so one
 * weights commitment serves public and committed requests, and returns it with its registry id. The weights stay
 * with the test: put `artifact` in an operator's model store (prepareNode's `models`). The artifact names the owner as
 * its publisher, as the owner's own file would: operators serve it only for that owner's model.
 */
export async function registerFamilyModel(
  p: ReturnType<typeof protocol>,
  deployment: Deployment,
  deploymentPath: string,
  ownerKey: Hex,
  family: Family,
  label = `families/${family}`,
): Promise<RegisteredModel> {
  const drawn = testModel(label, family);
  const model = { ...drawn, artifact: { ...drawn.artifact, publisher: privateKeyToAccount(ownerKey).address } };
  const hash = await p.wallet(ownerKey).writeContract({
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "registerModel",
    args: [
      circuitIdOf(deploymentPath, `${FAMILY_CIRCUITS[family].public}/groth16`),
      circuitIdOf(deploymentPath, `${FAMILY_CIRCUITS[family].committed}/groth16`),
      parseEther("1"),
      false,
      {
        weightsCommitment: model.commitment,
        trainingDataRoot: `0x${"00".repeat(32)}`,
        totalDataWeight: 0n,
        metadataURI: `ipfs://symbiote-test/${label}.json`,
      },
    ],
  } as never);
  const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`registerModel ${hash} reverted`);
  const [event] = parseEventLogs({ abi: modelRegistryAbi, eventName: "ModelRegistered", logs: receipt.logs });
  if (!event) throw new Error(`no ModelRegistered event in ${hash}`);
  return { ...model, modelId: event.args.modelId, label };
}
