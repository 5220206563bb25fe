// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {IInferenceConsumer} from "../interfaces/IInferenceConsumer.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IModelRegistryListener} from "../interfaces/IModelRegistryListener.sol";
import {IOperatorRegistry} from "../interfaces/IOperatorRegistry.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {IStakingVault} from "../interfaces/IStakingVault.sol";
import {ExactGasCall} from "../libraries/ExactGasCall.sol";
import {FeeSplitMath} from "../libraries/FeeSplitMath.sol";
import {ProofVerification} from "../libraries/ProofVerification.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {ProofBinding} from "../verifiers/ProofBinding.sol";
import {CoordinatorConfig} from "./CoordinatorConfig.sol";
import {CoordinatorPayouts} from "./CoordinatorPayouts.sol";
import {CoordinatorTimeouts} from "./CoordinatorTimeouts.sol";
import {RoundAssignment} from "./RoundAssignment.sol";

/// @title InferenceCoordinator
/// @notice The on-chain AI oracle: requests, stake-weighted operator assignment from one VRF seed per round, proof
/// verification, the decision log, the fee split, isolated consumer callbacks, and timeouts with refunds and slashing
/// (ExpiryKeeper runs them as a Chainlink Automation upkeep).
/// @dev Stores one hash per request (the Chainlink pattern) plus two packed slots; operators pass the full request
/// back from the `InferenceRequested` event. Reentrancy is guarded with transient storage.
/// Nobody is slashed without fault: a request is accepted only if someone can serve it (input words a witness accepts,
/// a committed input its owner registered, a data node that accepted its role), its operator is drawn over the set as
/// it stood before the round's seed could be known, among operators that declared the version, and a timeout slashes
/// only that operator, only if the version still serves, and the slash goes to the treasury.
/// The cancel path and the parameter setters run in the CoordinatorTimeouts and CoordinatorConfig libraries (delegated
/// to, on this contract's storage) to keep this contract under the EIP-170 size limit.
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract InferenceCoordinator is
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    ReentrancyGuardTransient,
    CoordinatorPayouts,
    IModelRegistryListener
{
    using SafeERC20 for IERC20;

    /// @notice The contracts the coordinator works with, fixed at initialization (governance can repoint some).
    struct Dependencies {
        address token;
        address registry;
        address vault;
        address dataRegistry;
        address dataRewards;
        address randomness;
        address treasury;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the coordinator behind its proxy.
    /// @param deps The token, registries, vault, data rewards, randomness source and treasury.
    /// @param governance Receives the admin role (the timelock, or the deployer until it hands over).
    /// @param shares The fee split, summing to 10,000 basis points.
    /// @param params Timing, callback gas, slashing and round parameters.
    /// @param callbackFeePerGas_ Token wei a requester pays per unit of callback gas it asks for.
    function initialize(
        Dependencies calldata deps,
        address governance,
        FeeShares calldata shares,
        ServiceParams calldata params,
        uint96 callbackFeePerGas_
    ) external initializer {
        if (
            deps.token == address(0) || deps.registry == address(0) || deps.vault == address(0)
                || deps.dataRegistry == address(0) || deps.dataRewards == address(0) || deps.randomness == address(0)
                || deps.treasury == address(0) || governance == address(0)
        ) revert CoordinatorZeroAddress();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);

        CoordinatorState storage $ = _state();
        $.token = IERC20(deps.token);
        $.registry = IModelRegistry(deps.registry);
        $.vault = IStakingVault(deps.vault);
        $.dataRegistry = IDataRegistry(deps.dataRegistry);
        $.randomness = IRandomnessSource(deps.randomness);
        $.treasury = deps.treasury;
        CoordinatorConfig.setDataRewards(deps.dataRewards);
        // The vault pulls the stakers' share on notifyReward.
        IERC20(deps.token).forceApprove(deps.vault, type(uint256).max);
        CoordinatorConfig.setFeeShares(shares);
        CoordinatorConfig.setServiceParams(params);
        $.callbackFeePerGas = callbackFeePerGas_;
        emit CallbackFeePerGasUpdated(callbackFeePerGas_);
    }

    /* ------------------------------------------------------------------ */
    /*                               REQUESTS                             */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function requestInference(RequestParams calldata params) external nonReentrant returns (uint256) {
        return _request(params);
    }

    /// @inheritdoc IInferenceCoordinator
    function requestInferenceWithPermit(
        RequestParams calldata params,
        uint256 permitValue,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        // A permit already used by a front-runner leaves its allowance behind: let the transfer decide.
        try IERC20Permit(address(_state().token)).permit(msg.sender, address(this), permitValue, deadline, v, r, s) {}
            catch {}
        return _request(params);
    }

    function _request(RequestParams calldata params) private returns (uint256 requestId) {
        CoordinatorState storage $ = _state();
        IModelRegistry.ServingTerms memory terms =
            $.registry.servingTerms(params.modelId, params.version, params.inputMode);
        if (params.inputWords.length != terms.inputWords) {
            revert CoordinatorWrongInputWords(params.inputWords.length, terms.inputWords);
        }
        // Words that no witness accepts would make a request nobody can serve: refused before anyone answers for it.
        $.registry.checkInputWords(terms.circuitId, params.inputWords);
        _cacheCircuitTerms(terms);
        uint32 maxCallbackGas = $.serviceParams.maxCallbackGas;
        if (params.callbackGasLimit > maxCallbackGas) {
            revert CoordinatorCallbackGasTooHigh(params.callbackGasLimit, maxCallbackGas);
        }
        // The requester pays for the callback gas it asks for: the operator runs it at its own cost.
        uint256 callbackFee = uint256(params.callbackGasLimit) * $.callbackFeePerGas;
        uint256 escrow = terms.feePerInference + callbackFee;
        if (escrow > params.maxFee) revert CoordinatorFeeAboveMax(escrow, params.maxFee);

        address servingNode;
        if (params.inputMode == IModelRegistry.InputMode.Committed) {
            if (params.dataOwner == address(0)) revert CoordinatorBadDataOwner(params.inputMode, params.dataOwner);
            // Only a commitment the owner registered (so its node can open it), a grant for anyone else, and the
            // node the owner chose and that accepted.
            servingNode =
                $.dataRegistry.useCommittedInput(params.dataOwner, msg.sender, params.modelId, params.inputWords[0]);
        } else if (params.dataOwner != address(0)) {
            revert CoordinatorBadDataOwner(params.inputMode, params.dataOwner);
        }

        if (escrow != 0) $.token.safeTransferFrom(msg.sender, address(this), escrow);

        requestId = ++$.requestCount;
        uint64 round = servingNode == address(0) ? _joinRound() : 0;
        Request memory request = Request({
            requestId: requestId,
            requester: msg.sender,
            modelId: params.modelId,
            version: terms.version,
            circuitId: terms.circuitId,
            inputMode: params.inputMode,
            dataOwner: params.dataOwner,
            servingNode: servingNode,
            callbackGasLimit: params.callbackGasLimit,
            fee: terms.feePerInference,
            callbackFee: SafeCast.toUint96(callbackFee),
            requestedAt: uint64(block.timestamp),
            deadline: uint64(block.timestamp) + $.serviceParams.requestTimeout,
            round: round,
            weightsCommitment: terms.weightsCommitment,
            inputWords: params.inputWords
        });
        $.requests[requestId] = RequestRecord({
            hash: keccak256(abi.encode(request)),
            party: msg.sender,
            time: request.deadline,
            status: RequestStatus.Pending,
            inputMode: params.inputMode,
            fee: SafeCast.toUint96(escrow),
            modelId: SafeCast.toUint64(params.modelId),
            version: terms.version,
            epoch: round
        });
        if (servingNode != address(0)) {
            $.committedServing[requestId] = CommittedServing({node: servingNode, requestedAt: uint64(block.timestamp)});
        }
        emit InferenceRequested(requestId, msg.sender, params.modelId, request);
    }

    /// @dev The first request through a circuit copies what fulfilments need of it. The registry must be bound to
    /// this coordinator by then: flags and retirements reach the copy only through the binding.
    function _cacheCircuitTerms(IModelRegistry.ServingTerms memory terms) private {
        CoordinatorState storage $ = _state();
        CircuitTerms storage cached = $.circuitTerms[terms.circuitId];
        if (cached.verifier != address(0)) return;
        address bound = $.registry.boundCoordinator();
        if (bound != address(this)) revert CoordinatorNotBoundToRegistry(address($.registry), bound);
        cached.verifier = terms.verifier;
        cached.proofSystem = terms.proofSystem;
        cached.outputWords = terms.outputWords;
        // signals: outputs, input words, weights commitment, binding
        cached.selector =
            ProofVerification.selector(terms.proofSystem, uint256(terms.outputWords) + terms.inputWords + 2);
    }

    /// @dev A public request joins the open round, or opens the next one, whose seed it requests. A round stays open
    /// for `roundBlocks` blocks, no more than the randomness source waits before answering, so the seed is unknown to
    /// every request in it. A failing source never blocks requests: without a seed nobody is drawn or slashed, and any
    /// eligible operator may serve after the exclusive window.
    function _joinRound() private returns (uint64 round) {
        CoordinatorState storage $ = _state();
        round = $.round;
        uint256 startBlock = $.roundStartBlock;
        if (round != 0 && block.number < startBlock + $.serviceParams.roundBlocks) {
            // Within the round's first block nobody can know its seed. Later, a source that answered faster than
            // `roundBlocks` (a misconfiguration) must not let a request join a round whose seed is already public.
            if (block.number == startBlock || $.randomness.seedOf(round) == 0) return round;
        }
        round += 1;
        $.round = round;
        $.roundStartBlock = uint64(block.number);
        $.roundStartTimes[round] = uint64(block.timestamp);
        emit RoundStarted(round, uint64(block.number), uint64(block.timestamp));
        try $.randomness.requestSeed(round) {} catch {}
    }

    /* ------------------------------------------------------------------ */
    /*                              FULFILMENT                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function fulfill(Request calldata request, uint256[] calldata outputs, bytes calldata proof) external nonReentrant {
        RequestStatus status = _state().requests[request.requestId].status;
        if (status != RequestStatus.Pending) revert CoordinatorRequestNotPending(request.requestId, status);
        _fulfill(request, outputs, proof, msg.sender);
    }

    /// @inheritdoc IInferenceCoordinator
    function fulfillBatch(Fulfilment[] calldata fulfilments) external nonReentrant {
        if (fulfilments.length == 0) revert CoordinatorEmptyBatch();
        CoordinatorState storage $ = _state();
        for (uint256 i; i < fulfilments.length; ++i) {
            Fulfilment calldata item = fulfilments[i];
            RequestRecord storage record = $.requests[item.request.requestId];
            // Another operator may have won the race, or the deadline passed while the batch was in flight.
            if (record.status != RequestStatus.Pending || block.timestamp > record.time) {
                emit FulfilmentSkipped(item.request.requestId, record.status);
                continue;
            }
            // Each item in its own call frame: whatever refuses one item (a flag, a lost serving right, a bad proof)
            // reverts that item alone, and the honest ones settle.
            try this.fulfillBatchItem(item, msg.sender) {}
            catch (bytes memory reason) {
                emit FulfilmentRejected(item.request.requestId, reason);
            }
        }
    }

    /// @inheritdoc IInferenceCoordinator
    function fulfillBatchItem(Fulfilment calldata item, address operator) external {
        if (msg.sender != address(this)) revert CoordinatorOnlySelf(msg.sender);
        _fulfill(item.request, item.outputs, item.proof, operator);
    }

    function _fulfill(Request calldata request, uint256[] calldata outputs, bytes calldata proof, address operator)
        private
    {
        RequestRecord storage record = _state().requests[request.requestId];
        bytes32 requestHash = keccak256(abi.encode(request));
        if (record.hash != requestHash) revert CoordinatorRequestMismatch(request.requestId);
        if (block.timestamp > request.deadline) revert CoordinatorRequestExpired(request.requestId, request.deadline);
        _checkServingRight(request, operator);
        _verifyProof(request, outputs, proof, operator);

        bytes32 proofHash = keccak256(proof);
        record.hash = keccak256(abi.encode(requestHash, outputs, proofHash));
        record.party = operator;
        record.time = uint64(block.timestamp);
        record.status = RequestStatus.Fulfilled;
        _logAndPay(request, outputs, operator, proofHash);
        if (request.callbackGasLimit != 0) _callBack(record, request, outputs);
    }

    /// @dev The decision log entry and the fee split of a fulfilled request.
    function _logAndPay(Request calldata request, uint256[] calldata outputs, address operator, bytes32 proofHash)
        private
    {
        emit DecisionRecorded(
            request.requestId,
            request.modelId,
            operator,
            request.version,
            request.inputMode,
            request.weightsCommitment,
            request.inputWords,
            outputs,
            proofHash
        );
        FeeSplitMath.Parts memory parts =
            _creditFee(request.fee, request.callbackFee, operator, request.modelId, request.version);
        emit FeeSplit(
            request.requestId, operator, parts.operator, parts.modelOwner, parts.data, parts.stakers, parts.treasury
        );
    }

    /// @dev Checks the version and circuit still serve (on the coordinator's copy of the registry's flags), the
    /// shapes, the field range, and the proof against the public signals: outputs, input words, weights commitment,
    /// binding (circuits/manifest.json).
    function _verifyProof(Request calldata request, uint256[] calldata outputs, bytes calldata proof, address operator)
        private
        view
    {
        CoordinatorState storage $ = _state();
        if ($.versionEarnings[request.modelId][request.version].flagged) {
            // The reason lives in the registry; reading it only on this path keeps fulfilments off its proxy.
            revert IModelRegistry.RegistryVersionFlagged(
                request.modelId, request.version, $.registry.version(request.modelId, request.version).flagReasonURI
            );
        }
        CircuitTerms memory terms = $.circuitTerms[request.circuitId];
        if (terms.retired) revert IModelRegistry.RegistryCircuitRetired(request.circuitId);
        if (outputs.length != terms.outputWords) revert CoordinatorWrongOutputWords(outputs.length, terms.outputWords);
        uint256 expectedProofLength = ProofVerification.proofLength(terms.proofSystem);
        if (proof.length != expectedProofLength) revert CoordinatorBadProofLength(proof.length, expectedProofLength);
        _checkFieldElements(outputs, 0);

        if (!ProofVerification.verify(terms.verifier, _verifierCall(terms.selector, request, outputs, proof, operator)))
        {
            revert CoordinatorInvalidProof(request.requestId);
        }
    }

    /// @dev snarkjs verifiers take fixed-size arrays, which encode in place: the selector, the proof words, then the
    /// signals (outputs, input words, weights commitment, binding).
    function _verifierCall(
        bytes4 verifierSelector,
        Request calldata request,
        uint256[] calldata outputs,
        bytes calldata proof,
        address operator
    ) private view returns (bytes memory) {
        uint256 binding = ProofBinding.binding(block.chainid, address(this), request.requestId, operator);
        return
            abi.encodePacked(verifierSelector, proof, outputs, request.inputWords, request.weightsCommitment, binding);
    }

    /// @dev Runs the consumer's callback with exactly its gas; its failure is recorded, never propagated.
    function _callBack(RequestRecord storage record, Request calldata request, uint256[] calldata outputs) private {
        if (!ExactGasCall.hasEnoughGas(request.callbackGasLimit)) {
            revert CoordinatorInsufficientGasForCallback(request.requestId, request.callbackGasLimit);
        }
        bool success = ExactGasCall.callWithExactGas(
            request.requester,
            request.callbackGasLimit,
            abi.encodeCall(IInferenceConsumer.onInferenceResult, (request.requestId, outputs))
        );
        if (!success) record.status = RequestStatus.CallbackFailed;
        emit CallbackResult(request.requestId, success);
    }

    /// @dev Committed inputs: only the data owner's node. Public inputs: the drawn operator at any time before the
    /// deadline; anyone else eligible once the drawn operator's exclusive window (from the seed's arrival) is over.
    function _checkServingRight(Request calldata request, address operator) private view {
        if (request.inputMode == IModelRegistry.InputMode.Committed) {
            if (operator != request.servingNode) {
                revert CoordinatorNotServingNode(request.requestId, request.servingNode, operator);
            }
            return;
        }
        CoordinatorState storage $ = _state();
        (address assigned, uint64 seedArrivedAt) =
            RoundAssignment.drawn($, request.requestId, request.round, request.modelId, request.version);
        if (operator == assigned) return;
        uint256 windowStart = seedArrivedAt > request.requestedAt ? seedArrivedAt : request.requestedAt;
        if (block.timestamp < windowStart + $.serviceParams.exclusiveWindow) {
            if (seedArrivedAt == 0) revert CoordinatorAssignmentPending(request.requestId, request.round);
            if (assigned != address(0)) {
                revert CoordinatorNotAssignedOperator(request.requestId, assigned, operator);
            }
        }
        if (!IOperatorRegistry(address($.vault)).isEligibleOperator(operator)) {
            revert CoordinatorIneligibleOperator(operator);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               TIMEOUTS                             */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function cancelExpired(uint256[] calldata requestIds) external nonReentrant returns (uint256) {
        return CoordinatorTimeouts.cancelExpired(requestIds);
    }

    /* ------------------------------------------------------------------ */
    /*                         REGISTRY NOTIFICATIONS                     */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IModelRegistryListener
    function onVersionFlagChanged(uint256 modelId, uint32 version, bool flagged) external {
        _checkRegistry();
        _state().versionEarnings[modelId][version].flagged = flagged;
    }

    /// @inheritdoc IModelRegistryListener
    function onCircuitRetired(uint32 circuitId) external {
        _checkRegistry();
        _state().circuitTerms[circuitId].retired = true;
    }

    function _checkRegistry() private view {
        if (msg.sender != address(_state().registry)) revert CoordinatorNotRegistry(msg.sender);
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @notice Sets the fee split. Governance only.
    /// @param shares Basis points summing to exactly 10,000.
    function setFeeShares(FeeShares calldata shares) external onlyRole(DEFAULT_ADMIN_ROLE) {
        CoordinatorConfig.setFeeShares(shares);
    }

    /// @notice Sets timing, callback gas and slashing parameters. Governance only.
    /// @param params The new parameters.
    function setServiceParams(ServiceParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        CoordinatorConfig.setServiceParams(params);
    }

    /// @notice Points the coordinator at a new randomness source (e.g. after a VRF migration). Governance only.
    /// @param source The new source.
    function setRandomnessSource(address source) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (source == address(0)) revert CoordinatorZeroAddress();
        _state().randomness = IRandomnessSource(source);
        // The next request opens a new round and asks the new source for its seed.
        _state().roundStartBlock = 0;
        emit DependencyUpdated("randomness", source);
    }

    /// @notice Sets what a requester pays per unit of callback gas it asks for. Governance only.
    /// @param feePerGas Token wei per gas.
    function setCallbackFeePerGas(uint96 feePerGas) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _state().callbackFeePerGas = feePerGas;
        emit CallbackFeePerGasUpdated(feePerGas);
    }

    /// @notice Sets the treasury. Governance only.
    /// @param treasury The new treasury.
    function setTreasury(address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury == address(0)) revert CoordinatorZeroAddress();
        _state().treasury = treasury;
        emit DependencyUpdated("treasury", treasury);
    }

    /// @notice Points the data share at a new DataRewards contract. Governance only.
    /// @param dataRewards The new contract.
    function setDataRewards(address dataRewards) external onlyRole(DEFAULT_ADMIN_ROLE) {
        CoordinatorConfig.setDataRewards(dataRewards);
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function decisionOf(uint256 requestId) external view returns (Decision memory) {
        RequestRecord storage record = _state().requests[requestId];
        return Decision({
            status: record.status,
            inputMode: record.inputMode,
            party: record.party,
            time: record.time,
            modelId: record.modelId,
            version: record.version,
            round: record.epoch,
            fee: record.fee,
            hash: record.hash
        });
    }

    /// @inheritdoc IInferenceCoordinator
    function assignedOperator(uint256 requestId) external view returns (address assigned) {
        CoordinatorState storage $ = _state();
        RequestRecord storage record = $.requests[requestId];
        if (record.status == RequestStatus.None) return address(0);
        if (record.inputMode == IModelRegistry.InputMode.Committed) return $.committedServing[requestId].node;
        (assigned,) = RoundAssignment.drawn($, requestId, record.epoch, record.modelId, record.version);
    }

    /// @inheritdoc IInferenceCoordinator
    function publicAssignment(uint64 round, uint256 requestId, uint256 modelId, uint32 version)
        external
        view
        returns (address assigned)
    {
        (assigned,) = RoundAssignment.drawn(_state(), requestId, round, modelId, version);
    }

    /// @inheritdoc IInferenceCoordinator
    function currentRound() external view returns (uint64 round, uint64 startBlock, uint64 startTime) {
        CoordinatorState storage $ = _state();
        round = $.round;
        return (round, $.roundStartBlock, $.roundStartTimes[round]);
    }

    /// @inheritdoc IInferenceCoordinator
    function roundStartTime(uint64 round) external view returns (uint64) {
        return _state().roundStartTimes[round];
    }

    /// @inheritdoc IInferenceCoordinator
    function slashExposure() public view returns (uint64) {
        return _state().serviceParams.requestTimeout + ProtocolConstants.SLASH_GRACE;
    }

    /// @inheritdoc IInferenceCoordinator
    function callbackFeePerGas() external view returns (uint256) {
        return _state().callbackFeePerGas;
    }

    /// @inheritdoc IInferenceCoordinator
    function requestCount() external view returns (uint256) {
        return _state().requestCount;
    }

    /// @inheritdoc IInferenceCoordinator
    function feeShares() external view returns (FeeShares memory) {
        return _state().feeShares;
    }

    /// @inheritdoc IInferenceCoordinator
    function serviceParams() external view returns (ServiceParams memory) {
        return _state().serviceParams;
    }

    /// @notice The contracts the coordinator works with.
    function dependencies() external view returns (Dependencies memory deps) {
        CoordinatorState storage $ = _state();
        deps = Dependencies({
            token: address($.token),
            registry: address($.registry),
            vault: address($.vault),
            dataRegistry: address($.dataRegistry),
            dataRewards: $.dataRewards,
            randomness: address($.randomness),
            treasury: $.treasury
        });
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev Every value must be a field element; `offset` shifts the reported index to its place among the signals.
    function _checkFieldElements(uint256[] calldata values, uint256 offset) private pure {
        for (uint256 i; i < values.length; ++i) {
            if (values[i] >= ProtocolConstants.SNARK_SCALAR_FIELD) {
                revert CoordinatorSignalOutsideField(offset + i, values[i]);
            }
        }
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
