import { parseAbi } from "viem";

/**
 * The views the post-deploy check reads, as human-readable ABI: independent of a forge build, so the check runs on a
 * machine that only has the deployment file and an RPC URL.
 */
export const accessControlAbi = parseAbi([
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
]);

export const timelockAbi = parseAbi([
  "function getMinDelay() view returns (uint256)",
  "function PROPOSER_ROLE() view returns (bytes32)",
  "function EXECUTOR_ROLE() view returns (bytes32)",
  "function CANCELLER_ROLE() view returns (bytes32)",
]);

export const tokenAbi = parseAbi([
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function cap() view returns (uint256)",
  "function owner() view returns (address)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
]);

export const vaultAbi = parseAbi([
  "function token() view returns (address)",
  "function cooldown() view returns (uint64)",
  "function minOperatorStake() view returns (uint256)",
  "function SLASHER_ROLE() view returns (bytes32)",
]);

export const governorAbi = parseAbi([
  "function votingDelay() view returns (uint256)",
  "function votingPeriod() view returns (uint256)",
  "function proposalThreshold() view returns (uint256)",
  "function quorumNumerator() view returns (uint256)",
  "function timelock() view returns (address)",
  "function token() view returns (address)",
]);

export const dataRegistryAbi = parseAbi(["function GRANT_CONSUMER_ROLE() view returns (bytes32)"]);

export const dataRewardsAbi = parseAbi([
  "function token() view returns (address)",
  "function modelRegistry() view returns (address)",
  "function dataRegistry() view returns (address)",
  "function treasury() view returns (address)",
]);

export const auditRegistryAbi = parseAbi(["function modelRegistry() view returns (address)"]);

export const coordinatorAbi = parseAbi([
  "struct FeeShares { uint16 operatorBps; uint16 modelOwnerBps; uint16 dataBps; uint16 stakersBps; uint16 treasuryBps; }",
  "struct ServiceParams { uint32 exclusiveWindow; uint32 requestTimeout; uint32 maxCallbackGas; uint96 slashAmount; uint16 roundBlocks; }",
  "struct Dependencies { address token; address registry; address vault; address dataRegistry; address dataRewards; address randomness; address treasury; }",
  "function feeShares() view returns (FeeShares)",
  "function serviceParams() view returns (ServiceParams)",
  "function dependencies() view returns (Dependencies)",
  "function callbackFeePerGas() view returns (uint256)",
  "function slashExposure() view returns (uint64)",
]);

export const randomnessAbi = parseAbi([
  "struct VrfConfig { bytes32 keyHash; uint256 subscriptionId; uint16 requestConfirmations; uint32 callbackGasLimit; bool nativePayment; }",
  "function owner() view returns (address)",
  "function consumer() view returns (address)",
  "function s_vrfCoordinator() view returns (address)",
  "function vrfConfig() view returns (VrfConfig)",
]);

export const vrfCoordinatorAbi = parseAbi([
  "function getSubscription(uint256 subId) view returns (uint96 balance, uint96 nativeBalance, uint64 reqCount, address subOwner, address[] consumers)",
]);

export const priceFeedAbi = parseAbi(["function decimals() view returns (uint8)"]);

export const registryAbi = parseAbi([
  "struct Circuit { address verifier; uint8 family; uint8 inputMode; uint8 proofSystem; bool active; uint8 outputWords; uint8 inputWords; uint16 layoutVersion; uint16[3] shape; bytes32 wasmHash; bytes32 zkeyHash; bytes32 vkeyHash; string artifactURI; uint16[] dims; }",
  "struct Model { address owner; uint96 feePerInference; uint32 publicCircuitId; uint32 committedCircuitId; uint32 versionCount; bool community; }",
  "struct Version { uint256 weightsCommitment; bytes32 trainingDataRoot; uint128 totalDataWeight; uint64 publishedAt; bool flagged; string metadataURI; string flagReasonURI; }",
  "function circuitCount() view returns (uint32)",
  "function boundCoordinator() view returns (address)",
  "function circuit(uint32 circuitId) view returns (Circuit)",
  "function modelCount() view returns (uint256)",
  "function model(uint256 modelId) view returns (Model)",
  "function version(uint256 modelId, uint32 versionNumber) view returns (Version)",
]);

export const expiryKeeperAbi = parseAbi(["function coordinator() view returns (address)"]);
