/**
 * The ceremony's keys serve a request through the protocol: a three-participant ceremony with a beacon on
 * classifier16-public is finalized into a temporary folder, its verifier is deployed on anvil next to the protocol
 * (deployLocal), the proposal `finalize` writes registers it as a new circuit through governance (propose, vote,
 * queue, execute; anvil's clock is moved past each delay), a model is registered on that circuit, and a public-input
 * request is fulfilled with a proof made from the ceremony's final zkey. A proof of the same call from the dev key of
 * the same circuit is refused by the new circuit: the two keys really differ.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type Anvil,
  compileVerifier,
  deploy,
  KEYS,
  type LocalProtocol,
  rpc,
  startLocalProtocol,
  testModel,
} from "@symbiote/devnet";
import {
  computeBinding,
  coordinatorAbi,
  governorAbi,
  modelRegistryAbi,
  stakingVaultAbi,
  tokenAbi,
} from "@symbiote/sdk";
import {
  type Address,
  concatHex,
  decodeErrorResult,
  getAddress,
  type Hex,
  keccak256,
  maxUint256,
  numberToHex,
  parseEther,
  parseEventLogs,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatGroth16Calldata } from "../../circuits/src/calldata.ts";
import { finalizeCeremony } from "../../circuits/src/ceremony/finalize.ts";
import { type Proposal, registrationProposal } from "../../circuits/src/ceremony/proposal.ts";
import { ceremonyKeys, readTranscript } from "../../circuits/src/ceremony/transcript.ts";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { findBackend, findCircuit, loadManifest, type Manifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { classifierCircuitCall } from "../../circuits/src/models/classifier.ts";
import { CircuitProver, terminateProvers } from "../../circuits/src/prover.ts";
import { CIRCUIT, runTestCeremony } from "./helpers.ts";

const DEPLOYER = KEYS[0];
/** Holds the token supply: stakes enough to propose and carry the vote alone. */
const TREASURY = KEYS[1];
const REQUESTER = KEYS[2];
const MODEL_OWNER = KEYS[3];
const OPERATOR = KEYS[5];
const FULFILLED = 2;

let work: string;
let out: string;
let chain: LocalProtocol;
let anvil: Anvil | undefined;
let deployment: Deployment;
let contracts: { governor: Address; epochRandomness: Address };
let p: LocalProtocol["p"];
let ceremonyManifest: Manifest;
let verifier: Address;
let ceremonyDir: string;
let ptau: string;
const log = () => {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "symbiote-ceremony-e2e-"));
  out = join(work, "out");
  ({ ptau, dir: ceremonyDir } = await runTestCeremony(work, log));
  chain = await startLocalProtocol("e2e-ceremony");
  ({ anvil, deployment, p } = chain);
  contracts = chain.contracts as typeof contracts;
}, 900_000);

afterAll(async () => {
  await terminateProvers();
  await chain?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function send(key: Hex, call: Record<string, unknown>) {
  const hash = await p.wallet(key).writeContract(call as never);
  const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${String(call.functionName)} reverted (${hash})`);
  return receipt;
}

/** Moves anvil's clock forward and mines a block at the new time. */
async function advance(seconds: bigint): Promise<void> {
  if (!anvil) throw new Error("anvil is not running");
  await rpc(anvil.url, "evm_increaseTime", [Number(seconds)]);
  await rpc(anvil.url, "evm_mine");
}

/** Passes `proposal` through the governor and its timelock with the treasury's stake; returns execute's receipt. */
async function passProposal(proposal: Proposal) {
  const governor = { address: contracts.governor, abi: governorAbi };
  const args = [proposal.targets, proposal.values.map(BigInt), proposal.calldatas] as const;
  const descriptionHash = keccak256(toHex(proposal.description));
  await send(TREASURY, {
    address: deployment.token,
    abi: tokenAbi,
    functionName: "approve",
    args: [deployment.vault, maxUint256],
  });
  await send(TREASURY, {
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "stake",
    args: [parseEther("20000")],
  });
  // voting power is read at the proposal's snapshot, strictly after the stake's checkpoint
  await advance(2n);
  await send(TREASURY, { ...governor, functionName: "propose", args: [...args, proposal.description] });
  const proposalId = await p.publicClient.readContract({
    ...governor,
    functionName: "hashProposal",
    args: [...args, descriptionHash],
  });
  const votingDelay = await p.publicClient.readContract({ ...governor, functionName: "votingDelay" });
  await advance(votingDelay + 1n);
  await send(TREASURY, { ...governor, functionName: "castVote", args: [proposalId, 1] });
  const votingPeriod = await p.publicClient.readContract({ ...governor, functionName: "votingPeriod" });
  await advance(votingPeriod + 1n);
  await send(TREASURY, { ...governor, functionName: "queue", args: [...args, descriptionHash] });
  const eta = await p.publicClient.readContract({ ...governor, functionName: "proposalEta", args: [proposalId] });
  const now = (await p.publicClient.getBlock()).timestamp;
  await advance(eta - now + 1n);
  return send(TREASURY, { ...governor, functionName: "execute", args: [...args, descriptionHash] });
}

/** The 8 proof words the coordinator takes, as the prover worker encodes them. */
function proofBytes(result: Awaited<ReturnType<CircuitProver["prove"]>>): Hex {
  if (result.backend !== "groth16") throw new Error("expected a Groth16 proof");
  const c = formatGroth16Calldata(result.proof, result.publicSignals);
  return concatHex([...c.a, ...c.b.flat(), ...c.c].map((w) => numberToHex(w, { size: 32 })));
}

/** The custom error a simulated `fulfill` reverts with, or undefined when it would succeed. */
async function refusalOf(key: Hex, args: readonly unknown[]): Promise<string | undefined> {
  try {
    await p.publicClient.simulateContract({
      account: privateKeyToAccount(key),
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "fulfill",
      args,
    } as never);
    return undefined;
  } catch (error) {
    const data = (error as { walk(fn: (e: unknown) => boolean): unknown }).walk(
      (e) => typeof (e as { data?: unknown }).data === "string",
    ) as { data?: Hex } | null;
    if (!data?.data) throw error;
    return decodeErrorResult({ abi: coordinatorAbi, data: data.data }).errorName;
  }
}

describe("the ceremony's verifier, registered through governance, serves a request", () => {
  let circuitId: number;

  it("finalize writes the keys to a temporary folder; the proposal registering its verifier passes governance", async () => {
    const finalized = await finalizeCeremony({ dir: ceremonyDir, ptau, root: REPO_ROOT, out, log });
    ceremonyManifest = finalized.manifest;
    const backend = findBackend(findCircuit(ceremonyManifest, CIRCUIT), "groth16");
    expect(backend.setup).toEqual({ kind: "ceremony", transcriptSha256: finalized.transcriptSha256 });
    const compiled = compileVerifier(readFileSync(join(out, backend.verifier.path), "utf8"), backend.verifier.contract);
    if (!anvil) throw new Error("anvil is not running");
    verifier = await deploy(anvil.url, DEPLOYER, compiled);

    // what `npm run ceremony -- proposal` writes, from the finalized manifest (here in the temporary folder)
    const config = JSON.parse(readFileSync(join(REPO_ROOT, "script/config/local.json"), "utf8")) as {
      circuits: { artifactBaseURI: string };
    };
    const proposal = registrationProposal({
      manifest: ceremonyManifest,
      keys: ceremonyKeys(readTranscript(ceremonyDir)),
      transcriptSha256: finalized.transcriptSha256,
      registry: deployment.registry,
      verifiers: { [`${CIRCUIT}/groth16`]: verifier },
      artifactBaseURI: config.circuits.artifactBaseURI,
    });
    expect(proposal.targets).toEqual([deployment.registry]);
    expect(proposal.description).toContain(finalized.transcriptSha256);

    const receipt = await passProposal(proposal);
    const [registered] = parseEventLogs({ abi: modelRegistryAbi, eventName: "CircuitRegistered", logs: receipt.logs });
    if (!registered) throw new Error("the executed proposal registered no circuit");
    circuitId = registered.args.circuitId;
    const stored = await p.publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [circuitId],
    });
    expect(getAddress(stored.verifier)).toBe(getAddress(verifier));
    expect(stored.active).toBe(true);
    expect(stored.zkeyHash).toBe(`0x${backend.zkey.sha256}`);
    expect(stored.zkeyHash).not.toBe(`0x${findBackend(findCircuit(loadManifest(), CIRCUIT), "groth16").zkey.sha256}`);
  });

  it("a model on the new circuit: a public request is fulfilled with the ceremony's proof, a dev-key proof refused", async () => {
    const model = testModel("ceremony/served", "classifier");
    if (model.family !== "classifier") throw new Error("expected a classifier");
    const registered = await send(MODEL_OWNER, {
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "registerModel",
      args: [
        circuitId,
        0,
        parseEther("1"),
        false,
        {
          weightsCommitment: model.commitment,
          trainingDataRoot: `0x${"00".repeat(32)}`,
          totalDataWeight: 0n,
          metadataURI: "ipfs://symbiote-test/ceremony-served.json",
        },
      ],
    });
    const [event] = parseEventLogs({ abi: modelRegistryAbi, eventName: "ModelRegistered", logs: registered.logs });
    if (!event) throw new Error("no ModelRegistered event");
    const modelId = event.args.modelId;
    await p.registerOperator(OPERATOR, parseEther("2000"), [{ modelId, version: 1 }]);
    await p.fundRequester(REQUESTER);

    const requestId = await p.request(REQUESTER, { modelId, features: model.inputs });
    await chain.fulfillSeeds();
    const request = await p.requestOf(requestId);
    expect(request.circuitId).toBe(circuitId);

    const operator = privateKeyToAccount(OPERATOR).address;
    const binding = computeBinding({ chainId: 31337n, coordinator: deployment.coordinator, requestId, operator });
    const call = classifierCircuitCall("public", model.model, model.inputs, {
      binding,
      weightsSalt: model.weightsSalt,
    });
    // the circuit's wasm is the committed one; its zkey and vkey are the ceremony's
    const backend = findBackend(findCircuit(ceremonyManifest, CIRCUIT), "groth16");
    mkdirSync(dirname(join(out, backend.wasm.path)), { recursive: true });
    copyFileSync(join(REPO_ROOT, backend.wasm.path), join(out, backend.wasm.path));
    const ceremonyProof = await (
      await CircuitProver.load(CIRCUIT, "groth16", { manifest: ceremonyManifest, root: out })
    ).prove(call);
    const devProof = await (await CircuitProver.load(CIRCUIT, "groth16")).prove(call);
    const outputs = ceremonyProof.publicSignals.slice(0, call.publicSignals.length - request.inputWords.length - 2);
    expect(devProof.publicSignals).toEqual(ceremonyProof.publicSignals);

    expect(await refusalOf(OPERATOR, [request, outputs, proofBytes(devProof)])).toBe("CoordinatorInvalidProof");
    expect(await refusalOf(OPERATOR, [request, outputs, proofBytes(ceremonyProof)])).toBeUndefined();

    const receipt = await send(OPERATOR, {
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "fulfill",
      args: [request, outputs, proofBytes(ceremonyProof)],
    });
    const decision = await p.decisionOf(requestId);
    expect(decision.status).toBe(FULFILLED);
    const [recorded] = parseEventLogs({ abi: coordinatorAbi, eventName: "DecisionRecorded", logs: receipt.logs });
    expect(recorded?.args.requestId).toBe(requestId);
    expect(recorded?.args.operator).toBe(getAddress(operator));
    expect(recorded?.args.outputs).toEqual(outputs);
    expect(outputs.length).toBeGreaterThan(0);
  });
});
