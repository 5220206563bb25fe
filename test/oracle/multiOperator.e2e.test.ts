import { join } from "node:path";
import {
  type Anvil,
  freePort,
  KEYS,
  type LocalProtocol,
  type NodeProcess,
  type PlannedRequest,
  prepareNode,
  RequestSender,
  rpc,
  startLocalProtocol,
  startNodeProcess,
  waitFor,
} from "@symbiote/devnet";
import { coordinatorAbi, packFeatures } from "@symbiote/sdk";
import { type Address, getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { SeededRandom } from "../../circuits/src/randomModels.ts";

const OPERATORS = [KEYS[5], KEYS[6], KEYS[7]] as const;
const operatorAddresses = OPERATORS.map((key) => privateKeyToAccount(key).address);
const REQUESTER = KEYS[2];
/** The deploy's public-input classifier demo model (script/config/demo-models.json). */
const PUBLIC_CLASSIFIER = 2n;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let p: LocalProtocol["p"];
let sender: RequestSender;
let exclusiveWindow: bigint;
const nodes: (NodeProcess | undefined)[] = [];
const rng = new SeededRandom(2024n);

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-multi");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  sender = new RequestSender(p, deployment);
  // equal stakes: the VRF-seeded pick spreads requests over all three
  for (const key of OPERATORS) await p.registerOperator(key);
  await p.fundRequester(REQUESTER);
  exclusiveWindow = BigInt(
    (
      await p.publicClient.readContract({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "serviceParams",
      })
    ).exclusiveWindow,
  );
  await rpc(anvil.url, "evm_setIntervalMining", [1]);
  for (const [i, key] of OPERATORS.entries()) {
    const port = await freePort();
    const setup = await prepareNode(join(dir, `op${i}`), {
      rpc: [anvil.url],
      deployment: deploymentPath,
      key,
      extra: { metrics: { port }, log: { level: "info" } },
    });
    nodes.push(await startNodeProcess(setup, port));
  }
}, 600_000);

afterAll(async () => {
  await Promise.all(nodes.map((n) => n?.stop()));
  await chain?.stop();
});

/** Sends `count` public classifier requests at once and answers the rounds' seeds; returns their ids. */
async function requestMany(count: number): Promise<bigint[]> {
  const planned: PlannedRequest[] = Array.from({ length: count }, () => ({
    key: REQUESTER,
    params: { modelId: PUBLIC_CLASSIFIER, inputMode: 0, inputWords: packFeatures(rng.vector(16)) },
  }));
  const ids = await sender.idsOf(await sender.burst(planned));
  await chain.fulfillSeeds();
  return ids;
}

type Served = { id: bigint; assigned: Address; operator: Address; requestedAt: bigint; fulfilledAt: bigint };

/** Waits until every request is fulfilled; returns who was assigned, who served and when, from the chain. */
async function served(ids: readonly bigint[], timeoutMs = 240_000): Promise<Served[]> {
  await waitFor(
    `${ids.length} requests fulfilled`,
    async () =>
      (await Promise.all(ids.map((id) => p.decisionOf(id)))).every((d) => d.status === 2) ? true : undefined,
    timeoutMs,
  );
  const out: Served[] = [];
  for (const id of ids) {
    const [recorded] = await p.publicClient.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "DecisionRecorded",
      args: { requestId: id },
      fromBlock: deployment.startBlock,
      strict: true,
    });
    const [requested] = await p.publicClient.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "InferenceRequested",
      args: { requestId: id },
      fromBlock: deployment.startBlock,
      strict: true,
    });
    if (!recorded || !requested) throw new Error(`request ${id}: events missing`);
    const block = await p.publicClient.getBlock({ blockNumber: recorded.blockNumber });
    // the draw itself: assignedOperator(request) answers only while the request is pending (its stored hash is the
    // request's), and this one is settled
    const { round, modelId, version } = requested.args.request;
    const assigned = await p.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "publicAssignment",
      args: [round, id, modelId, version],
    });
    out.push({
      id,
      assigned: getAddress(assigned),
      operator: getAddress(recorded.args.operator),
      requestedAt: requested.args.request.requestedAt,
      fulfilledAt: block.timestamp,
    });
  }
  return out;
}

/** How many `DecisionRecorded` events each request has. */
async function decisionsPerRequest(ids: readonly bigint[]): Promise<Map<bigint, number>> {
  const events = await p.publicClient.getContractEvents({
    address: deployment.coordinator,
    abi: coordinatorAbi,
    eventName: "DecisionRecorded",
    fromBlock: deployment.startBlock,
    strict: true,
  });
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const e of events)
    if (counts.has(e.args.requestId)) counts.set(e.args.requestId, (counts.get(e.args.requestId) as number) + 1);
  return counts;
}

/** The coordinator's assigned operator of each request (known once the round's seed is). */
async function assignments(ids: readonly bigint[]): Promise<Address[]> {
  const assigned = await Promise.all(
    ids.map(async (id) => {
      const { round, modelId, version } = await p.requestOf(id);
      return p.publicClient.readContract({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "publicAssignment",
        args: [round, id, modelId, version],
      });
    }),
  );
  return assigned.map((a) => getAddress(a));
}

/** Sends rounds of 12 requests until `enough` holds for their assignments (at most four rounds). */
async function requestUntil(enough: (assigned: Address[]) => boolean): Promise<{ ids: bigint[]; assigned: Address[] }> {
  const ids: bigint[] = [];
  let assigned: Address[] = [];
  for (let round = 0; round < 4 && (round === 0 || !enough(assigned)); round++) {
    ids.push(...(await requestMany(12)));
    assigned = await assignments(ids);
  }
  return { ids, assigned };
}

describe("three operator processes on one chain", () => {
  it("serves every request by its assigned operator within the exclusive window", async () => {
    // the seeded pick decides; send until each operator has work (12 usually suffice)
    const { ids } = await requestUntil((assigned) => operatorAddresses.every((a) => assigned.includes(a)));
    const results = await served(ids);
    for (const r of results) {
      expect(operatorAddresses, `request ${r.id} assigned to a registered operator`).toContain(r.assigned);
      expect(r.operator, `request ${r.id} served by its assigned operator`).toBe(r.assigned);
      expect(r.fulfilledAt, `request ${r.id} served within the window`).toBeLessThan(r.requestedAt + exclusiveWindow);
    }
    for (const address of operatorAddresses) expect(results.some((r) => r.operator === address)).toBe(true);
    for (const [id, n] of await decisionsPerRequest(ids)) expect(n, `decisions for request ${id}`).toBe(1);
  }, 300_000);

  it("falls back to another operator after the exclusive window when the assigned one is down", async () => {
    const stopped = operatorAddresses[2] as Address;
    expect(await nodes[2]?.stop()).toBe(0);
    // enough requests that some are assigned to the stopped operator
    const { ids, assigned } = await requestUntil((a) => a.filter((x) => x === stopped).length >= 2);
    const orphaned = ids.filter((_, i) => assigned[i] === stopped);
    expect(orphaned.length).toBeGreaterThanOrEqual(2);
    // the live operators serve their own at once; the stopped one's stay pending through the window
    await served(ids.filter((id) => !orphaned.includes(id)));
    for (const id of orphaned) expect((await p.decisionOf(id)).status, `request ${id} still pending`).toBe(1);

    // let the exclusive window pass on chain
    await rpc(anvil.url, "evm_increaseTime", [Number(exclusiveWindow) + 1]);
    const results = await served(ids);
    for (const r of results) {
      if (orphaned.includes(r.id)) {
        expect(r.assigned).toBe(stopped);
        expect([operatorAddresses[0], operatorAddresses[1]], `request ${r.id} served by a live operator`).toContain(
          r.operator,
        );
        expect(r.fulfilledAt, `request ${r.id} served after the window`).toBeGreaterThanOrEqual(
          r.requestedAt + exclusiveWindow,
        );
      } else {
        expect(r.operator).toBe(r.assigned);
      }
    }
    // both live operators may have proven a fallback request; only one fulfillment landed per request
    for (const [id, n] of await decisionsPerRequest(ids)) expect(n, `decisions for request ${id}`).toBe(1);
  }, 600_000);
});
