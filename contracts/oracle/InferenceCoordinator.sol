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
import {CoordinatorPayouts} from "./CoordinatorPayouts.sol";

/// @title InferenceCoordinator
/// @notice The on-chain AI oracle: requests, stake-weighted operator assignment from one VRF seed per epoch, proof
/// verification, the decision log, the fee split, isolated consumer callbacks, and timeouts with refunds and slashing
/// (ExpiryKeeper runs them as a Chainlink Automation upkeep).
/// @dev Stores one hash per request (the Chainlink pattern) plus two packed slots; operators pass the full request
/// back from the `InferenceRequested` event. Reentrancy is guarded with transient storage.
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
    /// @param params Timing, callback gas and slashing parameters.
    /// @param epochLength Seconds per assignment epoch (one VRF seed each).
    function initialize(
        Dependencies calldata deps,
        address governance,
        FeeShares calldata shares,
        ServiceParams calldata params,
        uint64 epochLength
    ) external initializer {
        if (
            deps.token == address(0) || deps.registry == address(0) || deps.vault == address(0)
                || deps.dataRegistry == address(0) || deps.dataRewards == address(0) || deps.randomness == address(0)
                || deps.treasury == address(0) || governance == address(0)
        ) revert CoordinatorZeroAddress();
        if (epochLength == 0) revert CoordinatorBadServiceParams("epoch length is zero");
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);

        CoordinatorState storage $ = _state();
        $.token = IERC20(deps.token);
        $.registry = IModelRegistry(deps.registry);
        $.vault = IStakingVault(deps.vault);
        $.dataRegistry = IDataRegistry(deps.dataRegistry);
        $.randomness = IRandomnessSource(deps.randomness);
        $.treasury = deps.treasury;
        $.epochLength = epochLength;
        $.epochOrigin = uint64(block.timestamp);
        _setDataRewards(deps.dataRewards);
        // The vault pulls the stakers' share on notifyReward.
        IERC20(deps.token).forceApprove(deps.vault, type(uint256).max);
        _setFeeShares(shares);
        _setServiceParams(params);
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

    /// @inheritdoc IInferenceCoordinator
    function setDataNode(address node) external {
        if (node == address(0)) revert CoordinatorZeroAddress();
        _state().dataNodes[msg.sender] = node;
        emit DataNodeSet(msg.sender, node);
    }

    function _request(RequestParams calldata params) private returns (uint256 requestId) {
        CoordinatorState storage $ = _state();
        IModelRegistry.ServingTerms memory terms =
            $.registry.servingTerms(params.modelId, params.version, params.inputMode);
        if (params.inputWords.length != terms.inputWords) {
            revert CoordinatorWrongInputWords(params.inputWords.length, terms.inputWords);
        }
        _checkFieldElements(params.inputWords, terms.outputWords);
        _cacheCircuitTerms(terms);
        uint32 maxCallbackGas = $.serviceParams.maxCallbackGas;
        if (params.callbackGasLimit > maxCallbackGas) {
            revert CoordinatorCallbackGasTooHigh(params.callbackGasLimit, maxCallbackGas);
        }
        if (terms.feePerInference > params.maxFee) revert CoordinatorFeeAboveMax(terms.feePerInference, params.maxFee);

        address servingNode;
        if (params.inputMode == IModelRegistry.InputMode.Committed) {
            if (params.dataOwner == address(0)) revert CoordinatorBadDataOwner(params.inputMode, params.dataOwner);
            // Someone else's data needs the owner's grant; the grant's uses are consumed here.
            if (msg.sender != params.dataOwner) {
                $.dataRegistry.consumeGrant(params.dataOwner, msg.sender, params.modelId);
            }
            servingNode = $.dataNodes[params.dataOwner];
            if (servingNode == address(0)) servingNode = params.dataOwner;
        } else if (params.dataOwner != address(0)) {
            revert CoordinatorBadDataOwner(params.inputMode, params.dataOwner);
        }

        if (terms.feePerInference != 0) {
            $.token.safeTransferFrom(msg.sender, address(this), terms.feePerInference);
        }

        requestId = ++$.requestCount;
        uint64 epoch = _epochAt(block.timestamp);
        _ensureSeedRequested(epoch);
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
            requestedAt: uint64(block.timestamp),
            deadline: uint64(block.timestamp) + $.serviceParams.requestTimeout,
            epoch: epoch,
            weightsCommitment: terms.weightsCommitment,
            inputWords: params.inputWords
        });
        $.requests[requestId] = RequestRecord({
            hash: keccak256(abi.encode(request)),
            party: msg.sender,
            time: request.deadline,
            status: RequestStatus.Pending,
            inputMode: params.inputMode,
            fee: terms.feePerInference,
            modelId: SafeCast.toUint64(params.modelId),
            version: terms.version,
            epoch: epoch
        });
        if (servingNode != address(0)) $.servingNodes[requestId] = servingNode;
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

    /// @dev Asks the randomness source for this epoch's seed once; a failing source never blocks requests (without a
    /// seed, nobody is assigned and any eligible operator may serve after the exclusive window).
    function _ensureSeedRequested(uint64 epoch) private {
        CoordinatorState storage $ = _state();
        if ($.lastSeedEpochPlusOne == epoch + 1) return;
        $.lastSeedEpochPlusOne = epoch + 1;
        try $.randomness.requestSeed(epoch) {} catch {}
    }

    /* ------------------------------------------------------------------ */
    /*                              FULFILMENT                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function fulfill(Request calldata request, uint256[] calldata outputs, bytes calldata proof) external nonReentrant {
        RequestStatus status = _state().requests[request.requestId].status;
        if (status != RequestStatus.Pending) revert CoordinatorRequestNotPending(request.requestId, status);
        _fulfill(request, outputs, proof);
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
            _fulfill(item.request, item.outputs, item.proof);
        }
    }

    function _fulfill(Request calldata request, uint256[] calldata outputs, bytes calldata proof) private {
        RequestRecord storage record = _state().requests[request.requestId];
        bytes32 requestHash = keccak256(abi.encode(request));
        if (record.hash != requestHash) revert CoordinatorRequestMismatch(request.requestId);
        if (block.timestamp > request.deadline) revert CoordinatorRequestExpired(request.requestId, request.deadline);
        _checkServingRight(request);
        _verifyProof(request, outputs, proof);

        bytes32 proofHash = keccak256(proof);
        record.hash = keccak256(abi.encode(requestHash, outputs, proofHash));
        record.party = msg.sender;
        record.time = uint64(block.timestamp);
        record.status = RequestStatus.Fulfilled;
        emit DecisionRecorded(
            request.requestId,
            request.modelId,
            msg.sender,
            request.version,
            request.inputMode,
            request.weightsCommitment,
            request.inputWords,
            outputs,
            proofHash
        );

        FeeSplitMath.Parts memory parts = _creditFee(request.fee, msg.sender, request.modelId, request.version);
        emit FeeSplit(
            request.requestId, msg.sender, parts.operator, parts.modelOwner, parts.data, parts.stakers, parts.treasury
        );

        if (request.callbackGasLimit != 0) _callBack(record, request, outputs);
    }

    /// @dev Checks the version and circuit still serve (on the coordinator's copy of the registry's flags), the
    /// shapes, the field range, and the proof against the public signals: outputs, input words, weights commitment,
    /// binding (circuits/manifest.json).
    function _verifyProof(Request calldata request, uint256[] calldata outputs, bytes calldata proof) private view {
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

        if (!ProofVerification.verify(terms.verifier, _verifierCall(terms.selector, request, outputs, proof))) {
            revert CoordinatorInvalidProof(request.requestId);
        }
    }

    /// @dev snarkjs verifiers take fixed-size arrays, which encode in place: the selector, the proof words, then the
    /// signals (outputs, input words, weights commitment, binding).
    function _verifierCall(
        bytes4 verifierSelector,
        Request calldata request,
        uint256[] calldata outputs,
        bytes calldata proof
    ) private view returns (bytes memory) {
        uint256 binding = ProofBinding.binding(block.chainid, address(this), request.requestId, msg.sender);
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

    /// @dev Committed inputs: only the data owner's node. Public inputs: an eligible operator, and within the exclusive
    /// window only the assigned one.
    function _checkServingRight(Request calldata request) private view {
        if (request.inputMode == IModelRegistry.InputMode.Committed) {
            if (msg.sender != request.servingNode) {
                revert CoordinatorNotServingNode(request.requestId, request.servingNode, msg.sender);
            }
            return;
        }
        CoordinatorState storage $ = _state();
        if (!IOperatorRegistry(address($.vault)).isEligibleOperator(msg.sender)) {
            revert CoordinatorIneligibleOperator(msg.sender);
        }
        if (block.timestamp < uint256(request.requestedAt) + $.serviceParams.exclusiveWindow) {
            address assigned = _assignedPublicOperator(request.requestId, request.epoch);
            if (assigned == address(0)) revert CoordinatorAssignmentPending(request.requestId, request.epoch);
            if (assigned != msg.sender) revert CoordinatorNotAssignedOperator(request.requestId, assigned, msg.sender);
        }
    }

    function _assignedPublicOperator(uint256 requestId, uint64 epoch) private view returns (address) {
        CoordinatorState storage $ = _state();
        uint256 seed = $.randomness.seedOf(epoch);
        if (seed == 0) return address(0);
        IOperatorRegistry operators = IOperatorRegistry(address($.vault));
        if (operators.totalOperatorWeight() == 0) return address(0);
        return operators.pickOperator(uint256(keccak256(abi.encode(seed, requestId))));
    }

    /* ------------------------------------------------------------------ */
    /*                               TIMEOUTS                             */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function cancelExpired(uint256[] calldata requestIds) external nonReentrant returns (uint256 cancelled) {
        for (uint256 i; i < requestIds.length; ++i) {
            if (_cancelIfExpired(requestIds[i])) ++cancelled;
        }
    }

    function _cancelIfExpired(uint256 requestId) private returns (bool) {
        CoordinatorState storage $ = _state();
        RequestRecord storage record = $.requests[requestId];
        if (record.status != RequestStatus.Pending || block.timestamp <= record.time) return false;
        address requester = record.party;
        uint256 fee = record.fee;
        record.status = RequestStatus.Expired;
        record.time = uint64(block.timestamp);

        address operator = record.inputMode == IModelRegistry.InputMode.Committed
            ? $.servingNodes[requestId]
            : _assignedPublicOperator(requestId, record.epoch);
        uint256 slashed;
        uint256 toRequester;
        uint96 slashAmount = $.serviceParams.slashAmount;
        if (operator != address(0) && slashAmount != 0) {
            // A slash that fails (say the vault no longer lists the coordinator as slasher) must not keep the
            // requester's refund hostage.
            try $.vault.slash(operator, slashAmount, address(this)) returns (uint256 taken) {
                slashed = taken;
                toRequester = slashed * $.serviceParams.slashToRequesterBps / ProtocolConstants.BPS;
                // The rest of the slashed stake joins the treasury's pending share.
                $.treasuryPending += SafeCast.toUint128(slashed - toRequester);
            } catch {}
        }
        if (fee + toRequester != 0) $.token.safeTransfer(requester, fee + toRequester);
        emit RequestExpired(requestId, operator, fee, slashed, toRequester);
        return true;
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
        _setFeeShares(shares);
    }

    /// @notice Sets timing, callback gas and slashing parameters. Governance only.
    /// @param params The new parameters.
    function setServiceParams(ServiceParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setServiceParams(params);
    }

    /// @notice Points the coordinator at a new randomness source (e.g. after a VRF migration). Governance only.
    /// @param source The new source.
    function setRandomnessSource(address source) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (source == address(0)) revert CoordinatorZeroAddress();
        _state().randomness = IRandomnessSource(source);
        // Let the new source receive a request for the current epoch.
        _state().lastSeedEpochPlusOne = 0;
        emit DependencyUpdated("randomness", source);
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
        if (dataRewards == address(0)) revert CoordinatorZeroAddress();
        IERC20 token = _state().token;
        token.forceApprove(_state().dataRewards, 0);
        _setDataRewards(dataRewards);
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
            epoch: record.epoch,
            fee: record.fee,
            hash: record.hash
        });
    }

    /// @inheritdoc IInferenceCoordinator
    function assignedOperator(uint256 requestId) external view returns (address) {
        CoordinatorState storage $ = _state();
        RequestRecord storage record = $.requests[requestId];
        if (record.status == RequestStatus.None) return address(0);
        if (record.inputMode == IModelRegistry.InputMode.Committed) return $.servingNodes[requestId];
        return _assignedPublicOperator(requestId, record.epoch);
    }

    /// @inheritdoc IInferenceCoordinator
    function publicAssignment(uint64 epoch, uint256 requestId) external view returns (address) {
        return _assignedPublicOperator(requestId, epoch);
    }

    /// @inheritdoc IInferenceCoordinator
    function dataNodeOf(address dataOwner) external view returns (address) {
        address node = _state().dataNodes[dataOwner];
        return node == address(0) ? dataOwner : node;
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

    /// @inheritdoc IInferenceCoordinator
    function epochLength() external view returns (uint64) {
        return _state().epochLength;
    }

    /// @inheritdoc IInferenceCoordinator
    function epochAt(uint256 timestamp) external view returns (uint64) {
        return _epochAt(timestamp);
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

    function _epochAt(uint256 timestamp) private view returns (uint64) {
        CoordinatorState storage $ = _state();
        if (timestamp < $.epochOrigin) return 0;
        return uint64((timestamp - $.epochOrigin) / $.epochLength);
    }

    /// @dev Every value must be a field element; `offset` shifts the reported index to its place among the signals.
    function _checkFieldElements(uint256[] calldata values, uint256 offset) private pure {
        for (uint256 i; i < values.length; ++i) {
            if (values[i] >= ProtocolConstants.SNARK_SCALAR_FIELD) {
                revert CoordinatorSignalOutsideField(offset + i, values[i]);
            }
        }
    }

    function _setFeeShares(FeeShares calldata shares) private {
        uint256 sum = FeeSplitMath.total(shares);
        if (sum != ProtocolConstants.BPS) revert CoordinatorBadFeeShares(sum);
        _state().feeShares = shares;
        emit FeeSharesUpdated(shares);
    }

    function _setServiceParams(ServiceParams calldata params) private {
        if (params.requestTimeout == 0) revert CoordinatorBadServiceParams("request timeout is zero");
        if (params.exclusiveWindow >= params.requestTimeout) {
            revert CoordinatorBadServiceParams("exclusive window not shorter than the timeout");
        }
        if (params.maxCallbackGas > ProtocolConstants.MAX_CALLBACK_GAS) {
            revert CoordinatorBadServiceParams("callback gas above the hard cap");
        }
        if (params.slashToRequesterBps > ProtocolConstants.BPS) {
            revert CoordinatorBadServiceParams("slash share above 10,000 bps");
        }
        _state().serviceParams = params;
        emit ServiceParamsUpdated(params);
    }

    function _setDataRewards(address dataRewards) private {
        CoordinatorState storage $ = _state();
        $.dataRewards = dataRewards;
        // DataRewards pulls each flushed data share.
        $.token.forceApprove(dataRewards, type(uint256).max);
        emit DependencyUpdated("dataRewards", dataRewards);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
