import type { Manifest } from "@symbiote/circuits";
import { expectedCircuits } from "@symbiote/circuits";
import { type Address, getAddress, type Hex, keccak256, type PublicClient, padHex, toHex, zeroAddress } from "viem";
import {
  accessControlAbi,
  auditRegistryAbi,
  coordinatorAbi,
  dataRewardsAbi,
  expiryKeeperAbi,
  governorAbi,
  priceFeedAbi,
  randomnessAbi,
  registryAbi,
  timelockAbi,
  tokenAbi,
  vaultAbi,
  vrfCoordinatorAbi,
} from "./abis.ts";
import { type Deployment, PROXIES, type ProxyName } from "./deployment.ts";
import type { DemoModel, NetworkConfig } from "./networkConfig.ts";
import { assessTrustedSetup } from "./trustedSetup.ts";

/** One line of the checklist. */
export type CheckResult = {
  /** What was checked, e.g. "rights: stakingVault SLASHER_ROLE". */
  name: string;
  ok: boolean;
  /** What is wrong and how to fix it (failures only). */
  message?: string;
  /** Passed, but must not go unnoticed (e.g. dev trusted-setup keys on a testnet under the override). */
  warning?: string;
};

export type CheckContext = {
  client: PublicClient;
  deployment: Deployment;
  config: NetworkConfig;
  /** Path of the configuration file, for messages. */
  configPath: string;
  manifest: Manifest;
  demoModels: DemoModel[];
};

/** ERC-1967 implementation slot: keccak256("eip1967.proxy.implementation") - 1. */
export const IMPLEMENTATION_SLOT: Hex = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

const ROLE_NAMES = [
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
  "SLASHER_ROLE",
  "REWARD_NOTIFIER_ROLE",
  "GRANT_CONSUMER_ROLE",
] as const;
const DEFAULT_ADMIN_ROLE: Hex = padHex("0x0", { size: 32 });
const roleHash = (name: (typeof ROLE_NAMES)[number]) => keccak256(toHex(name));
const roleName = (role: Hex): string =>
  role === DEFAULT_ADMIN_ROLE ? "DEFAULT_ADMIN_ROLE" : (ROLE_NAMES.find((n) => roleHash(n) === role) ?? role);

/** Blocks per eth_getLogs call: public RPCs refuse large ranges. */
const LOG_WINDOW = 10_000n;
/** ProtocolConstants.SLASH_GRACE: how long after a request's deadline its operator may still be slashed. */
const SLASH_GRACE_SECONDS = 3600n;

class Checklist {
  readonly results: CheckResult[] = [];

  pass(name: string): void {
    this.results.push({ name, ok: true });
  }

  fail(name: string, message: string): void {
    this.results.push({ name, ok: false, message });
  }

  warn(name: string, warning: string): void {
    this.results.push({ name, ok: true, warning });
  }

  /** Passes when `actual` equals `expected` (compared as strings, so bigints and numbers mix). */
  equal(name: string, actual: unknown, expected: unknown, fix: string): void {
    const a = String(actual);
    const e = String(expected);
    if (a === e) this.pass(name);
    else this.fail(name, `is ${a} on chain but ${e} is expected; ${fix}`);
  }

  /** Runs a group of reads; an RPC or decoding error fails the group with its message instead of aborting the run. */
  async group(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
      this.fail(name, `could not be read (${reason}); check the RPC URL and that the deployment file is current`);
    }
  }
}

/**
 * Checks a deployment against the chain, its configuration and the circuit manifest: code at every address,
 * ERC-1967 implementations, every role and owner, every parameter, every circuit and the demo models.
 *
 * @example const results = await runChecks({ client, deployment, config, configPath, manifest, demoModels });
 */
export async function runChecks(ctx: CheckContext): Promise<CheckResult[]> {
  const list = new Checklist();
  const chainId = await ctx.client.getChainId();
  if (chainId !== ctx.deployment.chainId) {
    list.fail(
      "chain",
      `the RPC serves chain ${chainId} but the deployment file is for chain ${ctx.deployment.chainId}; pass the right --rpc`,
    );
    return list.results;
  }
  list.pass("chain");
  await list.group("code", () => checkCode(ctx, list));
  await list.group("proxies", () => checkImplementations(ctx, list));
  await list.group("rights", () => checkRights(ctx, list));
  await list.group("owners", () => checkOwners(ctx, list));
  await list.group("parameters", () => checkParameters(ctx, list));
  await list.group("randomness", () => checkRandomness(ctx, list));
  await list.group("price feeds", () => checkPriceFeeds(ctx, list));
  await list.group("circuits", () => checkCircuits(ctx, list));
  await list.group("trusted setup", () => checkTrustedSetup(ctx, chainId, list));
  if (ctx.config.demoModels.enabled || ctx.deployment.demoModels.length > 0) {
    await list.group("demo models", () => checkDemoModels(ctx, list));
  }
  return list.results;
}

/* ------------------------------------------------------------------ */
/*                                 CODE                               */
/* ------------------------------------------------------------------ */

async function checkCode({ client, deployment: d }: CheckContext, list: Checklist): Promise<void> {
  const targets: [string, Address][] = [
    ...Object.entries(d.contracts).map(([name, a]) => [`contracts.${name}`, a] as [string, Address]),
    ...Object.entries(d.implementations).map(([name, a]) => [`implementations.${name}`, a] as [string, Address]),
    ...d.circuits.map((c) => [`verifier ${c.key}`, c.verifier] as [string, Address]),
    ["vrf.coordinator", d.vrf.coordinator],
    ...Object.entries(d.priceFeeds).map(([name, a]) => [`priceFeeds.${name}`, a] as [string, Address]),
  ];
  const missing: string[] = [];
  for (const [name, address] of targets) {
    const code = await client.getCode({ address });
    if (!code || code === "0x") missing.push(`${name} (${address})`);
  }
  if (missing.length === 0) list.pass(`code at all ${targets.length} addresses`);
  else {
    list.fail(
      "code",
      `no code at ${missing.join(", ")}; the deployment file does not describe this chain (a failed or partial ` +
        "broadcast, or a restarted node): redeploy, or point --rpc at the chain it was deployed to",
    );
  }
}

async function checkImplementations({ client, deployment: d }: CheckContext, list: Checklist): Promise<void> {
  for (const name of PROXIES) {
    const slot = await client.getStorageAt({ address: d.contracts[name], slot: IMPLEMENTATION_SLOT });
    const actual = getAddress(
      padHex(slot ?? "0x0", { size: 32 })
        .slice(-40)
        .replace(/^/, "0x"),
    );
    list.equal(
      `proxy ${name} implementation`,
      actual,
      d.implementations[name],
      "the proxy was upgraded after deployment: update implementations." +
        `${name} in the deployment file if the upgrade was governance's, or investigate`,
    );
  }
}

/* ------------------------------------------------------------------ */
/*                                RIGHTS                              */
/* ------------------------------------------------------------------ */

type RoleExpectation = Record<string, Address[]>;

/** Who must hold which role, contract by contract, and nobody else. */
function expectedRoles(d: Deployment): Partial<Record<ProxyName, RoleExpectation>> {
  const { timelock, governor, coordinator } = d.contracts;
  const admin = { [DEFAULT_ADMIN_ROLE]: [timelock] };
  return {
    timelock: {
      ...admin,
      [roleHash("PROPOSER_ROLE")]: [governor],
      [roleHash("CANCELLER_ROLE")]: [governor],
      // address(0) holding EXECUTOR_ROLE opens execution to anyone
      [roleHash("EXECUTOR_ROLE")]: [zeroAddress],
    },
    // the coordinator slashes and notifies the stakers' share of fees (which closes a reward interval)
    stakingVault: {
      ...admin,
      [roleHash("SLASHER_ROLE")]: [coordinator],
      [roleHash("REWARD_NOTIFIER_ROLE")]: [coordinator],
    },
    dataRegistry: { ...admin, [roleHash("GRANT_CONSUMER_ROLE")]: [coordinator] },
    modelRegistry: admin,
    dataRewards: admin,
    coordinator: admin,
    auditRegistry: admin,
  };
}

function describe(d: Deployment, account: Address): string {
  if (account === d.deployer) return `the deployer ${account}`;
  const known = Object.entries(d.contracts).find(([, a]) => a === account);
  if (account === zeroAddress) return "address(0) (anyone)";
  return known ? `${known[0]} ${account}` : `${account}`;
}

/** Every current holder of every role on `contract`, replayed from RoleGranted / RoleRevoked since the deployment. */
async function roleHolders(
  client: PublicClient,
  contract: Address,
  fromBlock: bigint,
): Promise<Map<Hex, Set<Address>>> {
  const latest = await client.getBlockNumber();
  const holders = new Map<Hex, Set<Address>>();
  for (let start = fromBlock; start <= latest; start += LOG_WINDOW) {
    const end = start + LOG_WINDOW - 1n < latest ? start + LOG_WINDOW - 1n : latest;
    const logs = await client.getContractEvents({
      address: contract,
      abi: accessControlAbi,
      fromBlock: start,
      toBlock: end,
    });
    for (const log of logs) {
      if (log.eventName !== "RoleGranted" && log.eventName !== "RoleRevoked") continue;
      const { role, account } = log.args as { role: Hex; account: Address };
      const set = holders.get(role) ?? new Set<Address>();
      if (log.eventName === "RoleGranted") set.add(getAddress(account));
      else set.delete(getAddress(account));
      holders.set(role, set);
    }
  }
  return holders;
}

async function checkRights(ctx: CheckContext, list: Checklist): Promise<void> {
  const { client, deployment: d } = ctx;
  const expectations = expectedRoles(d);
  for (const [name, roles] of Object.entries(expectations) as [ProxyName, RoleExpectation][]) {
    const contract = d.contracts[name];
    const hasRole = (role: Hex, account: Address) =>
      client.readContract({ address: contract, abi: accessControlAbi, functionName: "hasRole", args: [role, account] });

    for (const [role, accounts] of Object.entries(roles) as [Hex, Address[]][]) {
      for (const account of accounts) {
        if (await hasRole(role, account))
          list.pass(`rights: ${describe(d, account)} holds ${roleName(role)} on ${name}`);
        else {
          list.fail(
            `rights: ${name} ${roleName(role)}`,
            `${describe(d, account)} does not hold ${roleName(role)} on ${name}; grant it through a governance ` +
              `proposal calling ${name}.grantRole(${role}, ${account})`,
          );
        }
      }
    }

    // The deployer must hold nothing, whatever the events say.
    for (const role of [DEFAULT_ADMIN_ROLE, ...ROLE_NAMES.map(roleHash)]) {
      if (await hasRole(role, d.deployer)) {
        list.fail(
          `rights: deployer on ${name}`,
          `the deployer ${d.deployer} holds ${roleName(role)} on ${name}; it must hold nothing after deployment: ` +
            `renounce it from the deployer (cast send ${contract} "renounceRole(bytes32,address)" ${role} ` +
            `${d.deployer}) or revoke it through a governance proposal`,
        );
      }
    }

    // Anyone else who was granted a role and still holds it.
    const holders = await roleHolders(client, contract, BigInt(d.blockNumber));
    const unexpected: string[] = [];
    for (const [role, set] of holders) {
      for (const account of set) {
        if (account === d.deployer) continue; // reported above, with its own fix
        const allowed = roles[role] ?? [];
        if (!allowed.includes(account) && (await hasRole(role, account))) {
          unexpected.push(`${describe(d, account)} holds ${roleName(role)}`);
        }
      }
    }
    if (unexpected.length > 0) {
      list.fail(
        `rights: unexpected holders on ${name}`,
        `${unexpected.join("; ")} on ${name}; revoke through a governance proposal (${name}.revokeRole) unless ` +
          "governance granted it on purpose",
      );
    } else list.pass(`rights: nobody else holds a role on ${name}`);
  }
}

async function checkOwners({ client, deployment: d }: CheckContext, list: Checklist): Promise<void> {
  const tokenOwner = await client.readContract({ address: d.contracts.token, abi: tokenAbi, functionName: "owner" });
  list.equal(
    "owners: token owner is the timelock",
    tokenOwner,
    d.contracts.timelock,
    "transfer the token's ownership to the timelock (transferOwnership) from its current owner",
  );
  const randomnessOwner = await client.readContract({
    address: d.contracts.epochRandomness,
    abi: randomnessAbi,
    functionName: "owner",
  });
  list.equal(
    "owners: EpochRandomness owner is the timelock",
    randomnessOwner,
    d.contracts.timelock,
    "the owner must call transferOwnership(timelock) and the timelock acceptOwnership() (two-step ownership)",
  );
  const keeperCoordinator = await client.readContract({
    address: d.contracts.expiryKeeper,
    abi: expiryKeeperAbi,
    functionName: "coordinator",
  });
  list.equal(
    "owners: the expiry keeper serves the coordinator",
    keeperCoordinator,
    d.contracts.coordinator,
    "deploy a new ExpiryKeeper for the coordinator and register it as the Automation upkeep",
  );
  const governorTimelock = await client.readContract({
    address: d.contracts.governor,
    abi: governorAbi,
    functionName: "timelock",
  });
  list.equal(
    "owners: governor executes through the timelock",
    governorTimelock,
    d.contracts.timelock,
    "the governor was pointed at another timelock; redeploy",
  );
}

/* ------------------------------------------------------------------ */
/*                              PARAMETERS                            */
/* ------------------------------------------------------------------ */

async function checkParameters(ctx: CheckContext, list: Checklist): Promise<void> {
  const { client, deployment: d, config: c, configPath } = ctx;
  const viaGovernance = (setter: string) =>
    `change it through a governance proposal (${setter}) or correct ${configPath}`;
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string) =>
    client.readContract({ address, abi: abi as never, functionName: functionName as never }) as Promise<T>;

  const token = d.contracts.token;
  list.equal("token.name", await read(token, tokenAbi, "name"), c.token.name, `correct ${configPath}`);
  list.equal("token.symbol", await read(token, tokenAbi, "symbol"), c.token.symbol, `correct ${configPath}`);
  list.equal("token.cap", await read(token, tokenAbi, "cap"), c.token.cap, `correct ${configPath}`);
  const mints = await client.getContractEvents({
    address: token,
    abi: tokenAbi,
    eventName: "Transfer",
    args: { from: zeroAddress },
    fromBlock: BigInt(d.blockNumber),
    toBlock: BigInt(d.blockNumber) + LOG_WINDOW,
  });
  const first = mints[0]?.args;
  list.equal(
    "token.initialSupply minted to token.treasury",
    first ? `${first.value} to ${first.to}` : "no mint",
    `${c.token.initialSupply} to ${c.token.treasury}`,
    `correct ${configPath}`,
  );

  const gov = d.contracts.governor;
  list.equal(
    "governance.votingDelay",
    await read(gov, governorAbi, "votingDelay"),
    c.governance.votingDelay,
    viaGovernance("setVotingDelay"),
  );
  list.equal(
    "governance.votingPeriod",
    await read(gov, governorAbi, "votingPeriod"),
    c.governance.votingPeriod,
    viaGovernance("setVotingPeriod"),
  );
  list.equal(
    "governance.proposalThreshold",
    await read(gov, governorAbi, "proposalThreshold"),
    c.governance.proposalThreshold,
    viaGovernance("setProposalThreshold"),
  );
  list.equal(
    "governance.quorumPercent",
    await read(gov, governorAbi, "quorumNumerator"),
    c.governance.quorumPercent,
    viaGovernance("updateQuorumNumerator"),
  );
  list.equal(
    "governance.votes come from the staking vault",
    await read(gov, governorAbi, "token"),
    d.contracts.stakingVault,
    "redeploy the governor",
  );
  list.equal(
    "governance.timelockDelay",
    await read(d.contracts.timelock, timelockAbi, "getMinDelay"),
    c.governance.timelockDelay,
    viaGovernance("timelock.updateDelay, scheduled through the timelock"),
  );

  const vault = d.contracts.stakingVault;
  list.equal(
    "staking.cooldown",
    await read(vault, vaultAbi, "cooldown"),
    c.staking.cooldown,
    viaGovernance("stakingVault.setCooldown"),
  );
  list.equal(
    "staking.minOperatorStake",
    await read(vault, vaultAbi, "minOperatorStake"),
    c.staking.minOperatorStake,
    viaGovernance("stakingVault.setMinOperatorStake"),
  );
  list.equal("staking.token", await read(vault, vaultAbi, "token"), token, "redeploy the vault");

  const coordinator = d.contracts.coordinator;
  const shares = await read<Record<string, number>>(coordinator, coordinatorAbi, "feeShares");
  for (const [key, value] of Object.entries(c.coordinator.feeShares)) {
    list.equal(`coordinator.feeShares.${key}`, shares[key], value, viaGovernance("coordinator.setFeeShares"));
  }
  const service = await read<Record<string, number | bigint>>(coordinator, coordinatorAbi, "serviceParams");
  for (const key of ["exclusiveWindow", "requestTimeout", "maxCallbackGas", "slashAmount", "roundBlocks"] as const) {
    list.equal(`coordinator.${key}`, service[key], c.coordinator[key], viaGovernance("coordinator.setServiceParams"));
  }
  const deps = await read<Record<string, Address>>(coordinator, coordinatorAbi, "dependencies");
  const expectedDeps: Record<string, Address> = {
    token,
    registry: d.contracts.modelRegistry,
    vault,
    dataRegistry: d.contracts.dataRegistry,
    dataRewards: d.contracts.dataRewards,
    randomness: d.contracts.epochRandomness,
    treasury: c.token.treasury,
  };
  for (const [key, value] of Object.entries(expectedDeps)) {
    list.equal(`coordinator.dependencies.${key}`, deps[key], value, "repoint it through a governance proposal");
  }
  list.equal(
    "coordinator.callbackFeePerGas",
    await read(coordinator, coordinatorAbi, "callbackFeePerGas"),
    c.coordinator.callbackFeePerGas,
    viaGovernance("coordinator.setCallbackFeePerGas"),
  );
  // An operator a request slashes must not withdraw the stake that bonded it first: the unstake cooldown must outlast
  // the request timeout plus the slash grace (ProtocolConstants.SLASH_GRACE, one hour) allowed for the cancellation.
  const cooldown = BigInt(await read<bigint | number>(vault, vaultAbi, "cooldown"));
  const exposure = BigInt(service.requestTimeout as number) + SLASH_GRACE_SECONDS;
  const onChainExposure = BigInt(await read<bigint | number>(coordinator, coordinatorAbi, "slashExposure"));
  list.equal(
    "coordinator.slashExposure is requestTimeout + 3600 s",
    onChainExposure,
    exposure,
    "the coordinator's SLASH_GRACE differs from this check's: upgrade one of them",
  );
  if (cooldown >= exposure) list.pass("staking.cooldown ≥ requestTimeout + 3600 s");
  else {
    list.fail(
      "staking.cooldown ≥ requestTimeout + 3600 s",
      `the vault's unstake cooldown is ${cooldown} s, below requestTimeout + ${SLASH_GRACE_SECONDS} s = ${exposure} s: an operator could withdraw its stake before a timed-out request slashes it; raise staking.cooldown (${viaGovernance("stakingVault.setCooldown")}) or lower coordinator.requestTimeout`,
    );
  }

  const rewards = d.contracts.dataRewards;
  list.equal("dataRewards.token", await read(rewards, dataRewardsAbi, "token"), token, "redeploy DataRewards");
  list.equal(
    "dataRewards.modelRegistry",
    await read(rewards, dataRewardsAbi, "modelRegistry"),
    d.contracts.modelRegistry,
    "redeploy DataRewards",
  );
  list.equal(
    "dataRewards.dataRegistry",
    await read(rewards, dataRewardsAbi, "dataRegistry"),
    d.contracts.dataRegistry,
    "redeploy DataRewards",
  );
  list.equal(
    "dataRewards.treasury",
    await read(rewards, dataRewardsAbi, "treasury"),
    c.token.treasury,
    viaGovernance("dataRewards.setTreasury"),
  );
  list.equal(
    "auditRegistry.modelRegistry",
    await read(d.contracts.auditRegistry, auditRegistryAbi, "modelRegistry"),
    d.contracts.modelRegistry,
    "redeploy AuditRegistry",
  );
}

async function checkRandomness({ client, deployment: d, config: c, configPath }: CheckContext, list: Checklist) {
  const randomness = d.contracts.epochRandomness;
  const read = <T>(functionName: "consumer" | "s_vrfCoordinator" | "vrfConfig") =>
    client.readContract({ address: randomness, abi: randomnessAbi, functionName }) as Promise<T>;
  list.equal(
    "randomness.consumer is the coordinator",
    await read<Address>("consumer"),
    d.contracts.coordinator,
    "redeploy EpochRandomness",
  );
  list.equal(
    "randomness.vrfCoordinator",
    await read<Address>("s_vrfCoordinator"),
    d.vrf.coordinator,
    "the owner (timelock) can setCoordinator",
  );
  const vrf = await read<{
    keyHash: Hex;
    subscriptionId: bigint;
    requestConfirmations: number;
    callbackGasLimit: number;
    nativePayment: boolean;
  }>("vrfConfig");
  const fix = `change it through a governance proposal (epochRandomness.setVrfConfig) or correct ${configPath}`;
  list.equal("vrf.keyHash", vrf.keyHash, c.vrf.keyHash.toLowerCase(), fix);
  list.equal("vrf.subscriptionId", vrf.subscriptionId, d.vrf.subscriptionId, fix);
  if (!c.vrf.mock) list.equal("vrf.subscriptionId matches the config", vrf.subscriptionId, c.vrf.subscriptionId, fix);
  list.equal("vrf.requestConfirmations", vrf.requestConfirmations, c.vrf.requestConfirmations, fix);
  list.equal("vrf.callbackGasLimit", vrf.callbackGasLimit, c.vrf.callbackGasLimit, fix);
  list.equal("vrf.nativePayment", vrf.nativePayment, c.vrf.nativePayment, fix);
  // a round must close before its seed can arrive, or a request could join a round whose seed is already public
  const { roundBlocks } = await client.readContract({
    address: d.contracts.coordinator,
    abi: coordinatorAbi,
    functionName: "serviceParams",
  });
  if (roundBlocks <= vrf.requestConfirmations) list.pass("coordinator.roundBlocks ≤ vrf.requestConfirmations");
  else {
    list.fail(
      "coordinator.roundBlocks ≤ vrf.requestConfirmations",
      `an assignment round stays open ${roundBlocks} blocks but VRF answers after ${vrf.requestConfirmations}: the seed could be known to later requests of its round; lower roundBlocks (coordinator.setServiceParams through governance) or raise vrf.requestConfirmations`,
    );
  }
  const [, , , subOwner, consumers] = await client.readContract({
    address: d.vrf.coordinator,
    abi: vrfCoordinatorAbi,
    functionName: "getSubscription",
    args: [BigInt(d.vrf.subscriptionId)],
  });
  if (consumers.map((a) => getAddress(a)).includes(randomness))
    list.pass("randomness is a consumer of the VRF subscription");
  else {
    list.fail(
      "vrf consumer",
      `EpochRandomness ${randomness} is not a consumer of VRF subscription ${d.vrf.subscriptionId}, so no seed can ` +
        `be requested; from the subscription owner ${subOwner} run: cast send ${d.vrf.coordinator} ` +
        `"addConsumer(uint256,address)" ${d.vrf.subscriptionId} ${randomness} (or use vrf.chain.link)`,
    );
  }
}

async function checkPriceFeeds({ client, deployment: d, config: c, configPath }: CheckContext, list: Checklist) {
  for (const feed of c.priceFeeds) {
    const address = d.priceFeeds[feed.name];
    if (!address) {
      list.fail(`price feed ${feed.name}`, `missing from the deployment file; redeploy with ${configPath}`);
      continue;
    }
    if (!c.vrf.mock) list.equal(`price feed ${feed.name} address`, address, feed.address, `correct ${configPath}`);
    const decimals = await client.readContract({ address, abi: priceFeedAbi, functionName: "decimals" });
    if (c.vrf.mock)
      list.equal(`price feed ${feed.name} decimals`, decimals, feed.mockDecimals, `correct ${configPath}`);
    else list.pass(`price feed ${feed.name} answers (${decimals} decimals)`);
  }
}

/* ------------------------------------------------------------------ */
/*                                CIRCUITS                            */
/* ------------------------------------------------------------------ */

async function checkCircuits({ client, deployment: d, config: c, manifest }: CheckContext, list: Checklist) {
  const expected = expectedCircuits(manifest, c.circuits.artifactBaseURI);
  const registry = d.contracts.modelRegistry;
  const bound = await client.readContract({ address: registry, abi: registryAbi, functionName: "boundCoordinator" });
  list.equal(
    "circuits: registry bound to the coordinator (flags reach fulfillments)",
    bound.toLowerCase(),
    d.contracts.coordinator.toLowerCase(),
    "bind it through a governance proposal: modelRegistry.bindCoordinator(coordinator); until then the " +
      "coordinator refuses requests",
  );
  const count = await client.readContract({ address: registry, abi: registryAbi, functionName: "circuitCount" });
  const rebuild =
    "circuits/manifest.json changed since the deployment: register the new circuits through a governance proposal " +
    "(modelRegistry.registerCircuit) and retire the old ones, or redeploy";
  list.equal("circuits: registry count equals the manifest", count, expected.length, rebuild);
  for (const [i, want] of expected.entries()) {
    const id = i + 1;
    const entry = d.circuits[i];
    if (!entry || entry.key !== want.key || entry.id !== id) {
      list.fail(`circuit ${want.key}`, `the deployment file does not list it as circuit ${id}; ${rebuild}`);
      continue;
    }
    if (id > count) continue;
    const got = await client.readContract({ address: registry, abi: registryAbi, functionName: "circuit", args: [id] });
    const problems: string[] = [];
    const same = (field: string, a: unknown, b: unknown) => {
      if (String(a).toLowerCase() !== String(b).toLowerCase()) problems.push(`${field} is ${a}, manifest says ${b}`);
    };
    same("verifier", got.verifier, entry.verifier);
    same("family", got.family, want.family);
    same("inputMode", got.inputMode, want.inputMode);
    same("proofSystem", got.proofSystem, want.proofSystem);
    same("outputWords", got.outputWords, want.outputWords);
    same("inputWords", got.inputWords, want.inputWords);
    same("layoutVersion", got.layoutVersion, want.layoutVersion);
    same("shape", got.shape.join(","), want.shape.join(","));
    same("wasmHash", got.wasmHash, want.wasmHash);
    same("zkeyHash", got.zkeyHash, want.zkeyHash);
    same("vkeyHash", got.vkeyHash, want.vkeyHash);
    same("artifactURI", got.artifactURI, want.artifactURI);
    if (!got.active) problems.push("it is retired");
    if (problems.length === 0) list.pass(`circuit ${id} ${want.key} matches the manifest`);
    else list.fail(`circuit ${id} ${want.key}`, `${problems.join("; ")}; ${rebuild}`);
  }
}

/**
 * The setup kind of the deployed keys: the manifest's when the registry holds the manifest's zkey and vkey hashes for
 * every circuit the deployment registered, else what the deployment file records; dev keys off the local chain fail
 * unless the deployment file records the override.
 */
async function checkTrustedSetup({ client, deployment: d, manifest }: CheckContext, chainId: number, list: Checklist) {
  const expected = new Map(expectedCircuits(manifest, "").map((c) => [c.key, c]));
  let keysMatchManifest = d.circuits.length === expected.size;
  for (const entry of d.circuits) {
    const want = expected.get(entry.key);
    if (!want) {
      keysMatchManifest = false;
      break;
    }
    const got = await client.readContract({
      address: d.contracts.modelRegistry,
      abi: registryAbi,
      functionName: "circuit",
      args: [entry.id],
    });
    if (got.zkeyHash.toLowerCase() !== want.zkeyHash || got.vkeyHash.toLowerCase() !== want.vkeyHash) {
      keysMatchManifest = false;
      break;
    }
  }
  const setup = assessTrustedSetup({
    chainId,
    network: d.network,
    recorded: d.trustedSetup,
    manifestKind: manifest.setup.kind,
    keysMatchManifest,
    ...(manifest.setup.ceremony
      ? {
          transcriptSha256: manifest.setup.ceremony.transcript.sha256,
          publishedPtau: manifest.setup.ceremony.ptau.known,
        }
      : {}),
  });
  if (!setup.ok) list.fail(setup.name, setup.message ?? "");
  else if (setup.warning) list.warn(setup.name, setup.warning);
  else list.pass(setup.name);
}

async function checkDemoModels({ client, deployment: d, config: c, demoModels }: CheckContext, list: Checklist) {
  if (d.demoModels.length !== demoModels.length) {
    list.fail(
      "demo models",
      `the deployment lists ${d.demoModels.length} demo models, script/config/demo-models.json ${demoModels.length}; redeploy`,
    );
    return;
  }
  const registry = d.contracts.modelRegistry;
  const circuitId = (key: string) => (key === "" ? 0 : (d.circuits.find((x) => x.key === key)?.id ?? -1));
  for (const [i, want] of demoModels.entries()) {
    const entry = d.demoModels[i];
    if (!entry || entry.name !== want.name) {
      list.fail(`demo model ${want.name}`, "missing from the deployment file; redeploy");
      continue;
    }
    const model = await client.readContract({
      address: registry,
      abi: registryAbi,
      functionName: "model",
      args: [BigInt(entry.id)],
    });
    const version = await client.readContract({
      address: registry,
      abi: registryAbi,
      functionName: "version",
      args: [BigInt(entry.id), 1],
    });
    const problems: string[] = [];
    if (getAddress(model.owner) !== c.demoModels.owner)
      problems.push(`owner is ${model.owner}, not ${c.demoModels.owner}`);
    if (model.publicCircuitId !== circuitId(want.publicCircuit))
      problems.push(`public circuit is ${model.publicCircuitId}`);
    if (model.committedCircuitId !== circuitId(want.committedCircuit)) {
      problems.push(`committed circuit is ${model.committedCircuitId}`);
    }
    if (model.feePerInference !== want.feePerInference) problems.push(`fee is ${model.feePerInference}`);
    if (version.weightsCommitment !== want.weightsCommitment) problems.push("version 1 has another weights commitment");
    if (problems.length === 0) list.pass(`demo model ${entry.id} ${want.name}`);
    else {
      list.fail(
        `demo model ${entry.id} ${want.name}`,
        `${problems.join("; ")}; the model changed since deployment (its owner may change fee and ownership)`,
      );
    }
  }
}
