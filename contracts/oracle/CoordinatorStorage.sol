// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOperatorVault} from "../interfaces/IOperatorVault.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {FeeShares, RequestStatus, ServiceParams} from "../types/InferenceTypes.sol";
import {InputMode, ProofSystem} from "../types/ModelTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";

/// @title CoordinatorStorage
/// @notice The inference coordinator's state, in one ERC-7201 namespace shared by its parts.
abstract contract CoordinatorStorage is IInferenceCoordinator {
    /// @dev The former three-slot request record, superseded by `commitments` (one slot per request); kept for the
    /// storage layout.
    struct RequestRecord {
        bytes32 hash;
        address party;
        uint64 time;
        RequestStatus status;
        InputMode inputMode;
        uint96 fee;
        uint64 modelId;
        uint32 version;
        uint64 epoch;
    }

    /// @dev A version's accrued, unpaid model-owner and data shares, and whether the registry flagged it, in one slot:
    /// every fulfillment reads the flag and credits the shares, so it pays for one cold slot, not two. 120 bits hold
    /// 1.3e36 wei, beyond any token supply.
    struct VersionEarnings {
        uint120 owner;
        uint120 data;
        bool flagged;
    }

    /// @dev What requests and fulfillments need of a circuit, in one slot: copied from the registry at the first
    /// request through it (the registry's answer cannot change afterwards but for retirement, which the registry
    /// writes here). `selector` is the verifier's `verifyProof` selector for the circuit's signal count; `inputWords`
    /// and `valueCount` give the input-word domain (InputLanes); `inputWords` is never 0 once copied.
    struct CircuitTerms {
        address verifier;
        ProofSystem proofSystem;
        uint8 outputWords;
        bool retired;
        bytes4 selector;
        uint8 inputWords;
        uint16 valueCount;
        // whether the verifier has the weights-base entry points (IWeightsBaseVerifier), probed when copied
        bool fromBase;
    }

    /// @dev A model version's weights base on a circuit, IC_0 + IC_w · weightsCommitment of the circuit's key
    /// (IWeightsBaseVerifier): the part of vk_x every proof of that version shares. Computed by the circuit's verifier
    /// at the version's first single fulfillment on it and stored, so that each later one adds this point instead of
    /// paying an elliptic-curve multiplication. (0, 0) until then.
    struct WeightsBase {
        uint256 x;
        uint256 y;
    }

    /// @dev What a request needs of a model, in one slot: copied from the registry at the first request for it, then
    /// kept exact by the registry's notifications (fee changes, new versions).
    struct ModelTerms {
        uint96 fee;
        uint32 latestVersion;
        uint32 publicCircuitId;
        uint32 committedCircuitId;
        bool copied;
    }

    /// @dev Superseded by the request itself (servingNode, requestedAt); kept for the storage layout.
    struct CommittedServing {
        address node;
        uint64 requestedAt;
    }

    /// @dev What every request reads and writes of the coordinator's own state, in one slot: the request counter, the
    /// callback price and the three service parameters a request applies (the full copies stay in `serviceParams`).
    /// `migrated` is false only in a coordinator upgraded from a version that kept these in three slots: the first
    /// request or parameter change copies them over (CoordinatorConfig.migrateRequestWord), so no upgrade call is
    /// needed and no request id is ever issued twice. 64 bits count 1.8e19 requests.
    struct RequestWord {
        uint64 requestCount;
        uint96 callbackFeePerGas;
        uint32 maxCallbackGas;
        uint32 requestTimeout;
        uint16 roundBlocks;
        bool migrated;
    }

    /// @custom:storage-location erc7201:symbiote.storage.InferenceCoordinator
    struct CoordinatorState {
        IERC20 token;
        IModelRegistry registry;
        IOperatorVault vault;
        IDataRegistry dataRegistry;
        address dataRewards;
        IRandomnessSource randomness;
        address treasury;
        // Epochs gave way to assignment rounds; these three are kept for the storage layout.
        uint64 epochLength;
        uint64 epochOrigin;
        uint64 lastSeedEpochPlusOne;
        FeeShares feeShares;
        ServiceParams serviceParams;
        // Superseded by `requestWord` once migrated; kept for the storage layout and the migration.
        uint256 requestCount;
        // Pending protocol shares beyond what `protocolFeeWord` holds, those of a coordinator upgraded from before it,
        // and slashes.
        uint128 stakersPending;
        uint128 treasuryPending;
        // Superseded by `commitments`; kept for the storage layout.
        mapping(uint256 requestId => RequestRecord) requests;
        // Superseded by `committedServing`; kept for the storage layout.
        mapping(uint256 requestId => address) servingNodes;
        // Data nodes moved to the DataRegistry (two-step acceptance); kept for the storage layout.
        mapping(address dataOwner => address) dataNodes;
        mapping(address operator => uint256) operatorBalances;
        // also the coordinator's copy of the registry's flag on each version (written by the registry)
        mapping(uint256 modelId => mapping(uint32 version => VersionEarnings)) versionEarnings;
        // Circuit terms copied at the first request through a circuit; retirement written by the model registry.
        mapping(uint32 circuitId => CircuitTerms) circuitTerms;
        uint64 round;
        uint64 roundStartBlock;
        // Superseded by `requestWord` once migrated; kept for the storage layout and the migration.
        uint96 callbackFeePerGas;
        mapping(uint64 round => uint64) roundStartTimes;
        // Superseded by the request itself; kept for the storage layout.
        mapping(uint256 requestId => CommittedServing) committedServing;
        // One slot per request: the request hash (or, once settled, the decision hash) with its low byte replaced by
        // the status. See `decisionOf`.
        mapping(uint256 requestId => bytes32) commitments;
        // Prepaid balances requests are paid from.
        mapping(address account => uint256) deposits;
        // The registry's terms of each model, version and circuit that requests need (see ModelTerms, CircuitTerms).
        mapping(uint256 modelId => ModelTerms) modelTerms;
        // Each copied version's word (see VersionWord): its weights commitment and, mirrored from its earnings slot,
        // its flag, so that a request reads one slot for both.
        mapping(uint256 modelId => mapping(uint32 version => uint256)) versionWeights;
        // The request path's counter and parameters in one slot (see RequestWord).
        RequestWord requestWord;
        // The consent ledger for committed inputs: each data owner's data node, input commitments and grants, one word
        // per entry (see ConsentWord, CoordinatorConsent).
        mapping(address owner => mapping(bytes32 entry => uint256 word)) consent;
        // The fee shares and the protocol's pending shares in the one slot a fulfillment reads and writes (see
        // ProtocolFeeWord); `feeShares`, `stakersPending` and `treasuryPending` keep their roles beside it.
        uint256 protocolFeeWord;
        // Each version's weights base on each circuit that has the weights-base entry points (see WeightsBase), by
        // CoordinatorWeightsBase.key(model, version, circuit): one hash to find it, not one per mapping level.
        mapping(bytes32 versionOnCircuit => WeightsBase) weightsBases;
    }

    function _state() internal pure returns (CoordinatorState storage) {
        return CoordinatorSlot.state();
    }
}
