// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IModelRegistryListener} from "../interfaces/IModelRegistryListener.sol";
import {ConsentWord} from "../libraries/ConsentWord.sol";
import {InputLanes} from "../libraries/InputLanes.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {
    Decision,
    FeeShares,
    Fulfillment,
    Request,
    RequestParams,
    RequestStatus,
    ServiceParams
} from "../types/InferenceTypes.sol";
import {InputMode} from "../types/ModelTypes.sol";
import {CircuitTermsWord} from "./CircuitTermsWord.sol";
import {CoordinatorBatch} from "./CoordinatorBatch.sol";
import {CoordinatorCommitment} from "./CoordinatorCommitment.sol";
import {CoordinatorConfig} from "./CoordinatorConfig.sol";
import {CoordinatorConsent} from "./CoordinatorConsent.sol";
import {CoordinatorDeposits} from "./CoordinatorDeposits.sol";
import {CoordinatorFulfillment} from "./CoordinatorFulfillment.sol";
import {CoordinatorPayouts} from "./CoordinatorPayouts.sol";
import {CoordinatorTerms} from "./CoordinatorTerms.sol";
import {CoordinatorTimeouts} from "./CoordinatorTimeouts.sol";
import {CoordinatorWeightsBase} from "./CoordinatorWeightsBase.sol";
import {RoundAssignment} from "./RoundAssignment.sol";
import {VersionWord} from "./VersionWord.sol";

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

    /// @notice Initializes the coordinator behind its proxy with its dependencies (`Dependencies`), the governance
    /// that receives the admin role (the timelock, or the deployer until it hands over), the fee split (summing to
    /// 10,000 basis points), the timing, callback gas, slashing and round parameters, and the token wei a requester
    /// pays per unit of callback gas it asks for.
    /// @dev The arguments go to CoordinatorConfig.initialize as they came: it takes the same words (the seven
    /// dependencies encode as an address[7]), so they are neither decoded nor encoded again here, which keeps this
    /// run-once code out of the coordinator's EIP-170 budget.
    /// @custom:oz-upgrades-unsafe-allow delegatecall
    function initialize(
        Dependencies calldata, /* deps */
        address governance,
        FeeShares calldata, /* shares */
        ServiceParams calldata, /* params */
        uint96 /* callbackFeePerGas */
    )
        external
        initializer
    {
        if (governance == address(0)) revert CoordinatorZeroAddress();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _forward(address(CoordinatorConfig), CoordinatorConfig.initialize.selector);
    }

    /// @dev Runs this call's own calldata in `target` (a library of the coordinator's) as its function `selector`, for
    /// entry points whose library function takes exactly the same arguments: they are neither decoded nor encoded
    /// again here, which keeps the coordinator under the EIP-170 limit and costs less than re-encoding them.
    /// @custom:oz-upgrades-unsafe-allow delegatecall
    function _forward(address target, bytes4 selector) private returns (bytes memory result) {
        bytes memory forwarded = msg.data;
        assembly ("memory-safe") {
            let head := add(forwarded, 0x20)
            mstore(head, or(and(mload(head), shr(32, not(0))), selector))
        }
        bool ok;
        // A delegatecall into the coordinator's own linked library, as every library call it makes.
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = target.delegatecall(forwarded);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
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
        CoordinatorDeposits.tryPermit(permitValue, deadline, v, r, s);
        return _request(params);
    }

    function _request(RequestParams calldata params) private returns (uint256 requestId) {
        CoordinatorState storage $ = _state();
        (ModelTerms memory model, uint32 version, uint256 weightsCommitment, uint32 circuitId) = _servingTerms(params);
        RequestWord storage word = $.requestWord;
        if (!word.migrated) CoordinatorConfig.migrateRequestWord();
        if (params.callbackGasLimit > word.maxCallbackGas) {
            revert CoordinatorCallbackGasTooHigh(params.callbackGasLimit, word.maxCallbackGas);
        }
        // The requester pays for the callback gas it asks for: the operator runs it at its own cost.
        uint256 callbackFee = uint256(params.callbackGasLimit) * word.callbackFeePerGas;
        uint256 escrow = model.fee + callbackFee;
        if (escrow > params.maxFee) revert CoordinatorFeeAboveMax(escrow, params.maxFee);

        address servingNode;
        if (params.inputMode == InputMode.Committed) {
            if (params.dataOwner == address(0)) revert CoordinatorBadDataOwner(params.inputMode, params.dataOwner);
            // Only a commitment the owner registered (so its node can open it), a grant for anyone else, and the
            // node the owner chose and that accepted.
            servingNode = _useConsent(params);
        } else if (params.dataOwner != address(0)) {
            revert CoordinatorBadDataOwner(params.inputMode, params.dataOwner);
        }

        if (escrow != 0) _collect(escrow);

        requestId = ++word.requestCount;
        uint64 round = servingNode == address(0) ? _joinRound() : 0;
        Request memory request = Request({
            requestId: requestId,
            requester: msg.sender,
            modelId: params.modelId,
            version: version,
            circuitId: circuitId,
            inputMode: params.inputMode,
            dataOwner: params.dataOwner,
            servingNode: servingNode,
            callbackGasLimit: params.callbackGasLimit,
            fee: model.fee,
            callbackFee: SafeCast.toUint96(callbackFee),
            requestedAt: uint64(block.timestamp),
            deadline: uint64(block.timestamp) + word.requestTimeout,
            round: round,
            weightsCommitment: weightsCommitment,
            inputWords: params.inputWords
        });
        // One slot: everything else is in the event, and whoever acts on the request passes it back. The event's data
        // is the request's ABI encoding, the very bytes that are hashed: encoded once, logged as they are.
        bytes memory encoded = abi.encode(request);
        $.commitments[requestId] = CoordinatorCommitment.pack(keccak256(encoded), RequestStatus.Pending);
        _logRequested(requestId, params.modelId, encoded);
    }

    /// @dev Emits InferenceRequested(requestId, msg.sender, modelId, request) from the request's ABI encoding: an event
    /// whose one unindexed field is the request carries exactly abi.encode(request) as its data.
    function _logRequested(uint256 requestId, uint256 modelId, bytes memory encoded) private {
        bytes32 topic = InferenceRequested.selector;
        address requester = msg.sender;
        assembly ("memory-safe") {
            log4(add(encoded, 0x20), mload(encoded), topic, requestId, requester, modelId)
        }
    }

    /// @dev The registry's terms for a request, read from the coordinator's copy (CoordinatorTerms): the same answers
    /// and the same refusals as `IModelRegistry.servingTerms` and `checkInputWords`, without a call through the
    /// registry's proxy once the model, version and circuit have been asked for.
    function _servingTerms(RequestParams calldata params)
        private
        returns (ModelTerms memory model, uint32 version, uint256 weightsCommitment, uint32 circuitId)
    {
        CoordinatorState storage $ = _state();
        model = $.modelTerms[params.modelId];
        if (!model.copied) model = CoordinatorTerms.copyModel(params.modelId);
        version = params.version == 0 ? model.latestVersion : params.version;
        if (version > model.latestVersion) revert CoordinatorUnknownVersion(params.modelId, version);
        uint256 word = $.versionWeights[params.modelId][version];
        // Not copied yet, or copied before the flag moved into the word: (re)copy it from the registry, once.
        if (!VersionWord.mirrored(word)) word = CoordinatorTerms.copyVersion(params.modelId, version);
        if (VersionWord.flagged(word)) CoordinatorTerms.revertFlagged(params.modelId, version);
        weightsCommitment = VersionWord.commitment(word);
        circuitId = params.inputMode == InputMode.Public ? model.publicCircuitId : model.committedCircuitId;
        if (circuitId == 0) revert IModelRegistry.RegistryInputModeNotOffered(params.modelId, params.inputMode);
        uint256 circuit = CircuitTermsWord.load(circuitId);
        if (CircuitTermsWord.inputWords(circuit) == 0) {
            CoordinatorTerms.copyCircuit(circuitId);
            circuit = CircuitTermsWord.load(circuitId);
        }
        if (CircuitTermsWord.retired(circuit)) revert IModelRegistry.RegistryCircuitRetired(circuitId);
        uint256 inputWords = CircuitTermsWord.inputWords(circuit);
        if (params.inputWords.length != inputWords) {
            revert CoordinatorWrongInputWords(params.inputWords.length, inputWords);
        }
        // Words that no witness accepts would make a request nobody can serve: refused before anyone answers for it.
        InputLanes.checkValues(params.inputMode, CircuitTermsWord.valueCount(circuit), params.inputWords);
    }

    /// @dev The consent ledger's common case, read in place (three slots): the owner's data node, its registered
    /// commitment and, for anyone else, a usable grant, whose use it counts. Anything else (an entry not copied yet, a
    /// refusal) goes to CoordinatorConsent, which copies or reverts with the DataRegistry's error.
    function _useConsent(RequestParams calldata params) private returns (address) {
        mapping(bytes32 => uint256) storage ledger = _state().consent[params.dataOwner];
        uint256 node = ledger[ConsentWord.NODE_ENTRY];
        bytes32 grantEntry;
        uint256 grant;
        if (msg.sender != params.dataOwner) {
            grantEntry = ConsentWord.grantEntry(msg.sender, params.modelId);
            grant = ledger[grantEntry];
        }
        if (
            node == 0 || ledger[ConsentWord.inputEntry(params.inputWords[0])] != ConsentWord.REGISTERED_INPUT
                || (grantEntry != 0 && !ConsentWord.usable(grant, block.timestamp))
        ) {
            return CoordinatorConsent.use(params.dataOwner, msg.sender, params.modelId, params.inputWords[0]);
        }
        if (grantEntry != 0) ledger[grantEntry] = grant + ConsentWord.ONE_USE;
        return ConsentWord.nodeOf(node);
    }

    /// @dev Takes `escrow` from the caller's prepaid balance when it covers all of it, else by a token transfer.
    function _collect(uint256 escrow) private {
        CoordinatorState storage $ = _state();
        uint256 available = $.deposits[msg.sender];
        if (available >= escrow) {
            unchecked {
                $.deposits[msg.sender] = available - escrow;
            }
        } else {
            $.token.safeTransferFrom(msg.sender, address(this), escrow);
        }
    }

    /// @dev A public request joins the open round, or opens the next one, whose seed it requests. A round stays open
    /// for `roundBlocks` blocks, no more than the randomness source waits before answering, so the seed is unknown to
    /// every request in it. A failing source never blocks requests: without a seed nobody is drawn or slashed, and any
    /// eligible operator may serve after the exclusive window.
    function _joinRound() private returns (uint64 round) {
        CoordinatorState storage $ = _state();
        round = $.round;
        uint256 startBlock = $.roundStartBlock;
        if (round != 0 && block.number < startBlock + $.requestWord.roundBlocks) {
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
    /*                           PREPAID BALANCE                          */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function deposit(uint256 amount) external {
        depositFor(msg.sender, amount);
    }

    /// @inheritdoc IInferenceCoordinator
    function depositFor(address account, uint256 amount) public {
        CoordinatorDeposits.deposit(account, amount);
    }

    /// @inheritdoc IInferenceCoordinator
    function withdrawDeposit(uint256 amount, address receiver) external {
        CoordinatorDeposits.withdraw(amount, receiver);
    }

    /// @inheritdoc IInferenceCoordinator
    function depositOf(address account) external view returns (uint256) {
        return _state().deposits[account];
    }

    /// @inheritdoc IInferenceCoordinator
    function onConsentChanged(address owner, bytes32 entry, uint256 word) external {
        CoordinatorConsent.write(owner, entry, word);
    }

    /// @inheritdoc IInferenceCoordinator
    function weightsBaseOf(uint256 modelId, uint32 version, uint32 circuitId)
        external
        view
        returns (uint256 x, uint256 y)
    {
        WeightsBase storage base = _state().weightsBases[CoordinatorWeightsBase.key(modelId, version, circuitId)];
        return (base.x, base.y);
    }

    /// @inheritdoc IInferenceCoordinator
    function consentOf(address owner, bytes32 entry) external view returns (uint256) {
        return _state().consent[owner][entry];
    }

    /* ------------------------------------------------------------------ */
    /*                              FULFILLMENT                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function fulfill(Request calldata request, uint256[] calldata outputs, bytes calldata proof) external nonReentrant {
        CoordinatorFulfillment.fulfillOne(request, outputs, proof, msg.sender);
    }

    /// @inheritdoc IInferenceCoordinator
    function fulfillBatch(Fulfillment[] calldata) external nonReentrant {
        _forward(address(CoordinatorBatch), CoordinatorBatch.fulfillBatch.selector);
    }

    /// @inheritdoc IInferenceCoordinator
    function fulfillBatchPacked(bytes calldata) external nonReentrant {
        _forward(address(CoordinatorBatch), CoordinatorBatch.fulfillBatchPacked.selector);
    }

    /* ------------------------------------------------------------------ */
    /*                               TIMEOUTS                             */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IInferenceCoordinator
    function cancelExpired(Request[] calldata) external nonReentrant returns (uint256) {
        bytes memory cancelled = _forward(address(CoordinatorTimeouts), CoordinatorTimeouts.cancelExpired.selector);
        return abi.decode(cancelled, (uint256));
    }

    /* ------------------------------------------------------------------ */
    /*                         REGISTRY NOTIFICATIONS                     */
    /* ------------------------------------------------------------------ */

    // The registry's notifications: CoordinatorTerms refuses any caller but the registry.

    /// @inheritdoc IModelRegistryListener
    function onVersionFlagChanged(uint256 modelId, uint32 version, bool flagged) external {
        CoordinatorTerms.setFlag(modelId, version, flagged);
    }

    /// @inheritdoc IModelRegistryListener
    function onCircuitRetired(uint32 circuitId) external {
        CoordinatorTerms.setRetired(circuitId);
    }

    /// @inheritdoc IModelRegistryListener
    function onModelFeeChanged(uint256 modelId, uint96 feePerInference) external {
        CoordinatorTerms.setFee(modelId, feePerInference);
    }

    /// @inheritdoc IModelRegistryListener
    function onVersionPublished(uint256 modelId, uint32 version) external {
        CoordinatorTerms.setLatestVersion(modelId, version);
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @notice Sets the fee split, in basis points summing to exactly 10,000. Governance only.
    /// @dev CoordinatorConfig reads the shares from this call's own calldata (`_forward`).
    function setFeeShares(
        FeeShares calldata /* shares */
    )
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _forward(address(CoordinatorConfig), CoordinatorConfig.setFeeShares.selector);
    }

    /// @notice Sets timing, callback gas and slashing parameters. Governance only.
    /// @dev CoordinatorConfig reads the parameters from this call's own calldata (`_forward`).
    function setServiceParams(
        ServiceParams calldata /* params */
    )
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _forward(address(CoordinatorConfig), CoordinatorConfig.setServiceParams.selector);
    }

    /// @notice Points the coordinator at a new randomness source (e.g. after a VRF migration). Governance only.
    /// @param source The new source.
    function setRandomnessSource(address source) external onlyRole(DEFAULT_ADMIN_ROLE) {
        CoordinatorConfig.setRandomnessSource(source);
    }

    /// @notice Sets what a requester pays per unit of callback gas it asks for. Governance only.
    /// @param feePerGas Token wei per gas.
    function setCallbackFeePerGas(uint96 feePerGas) external onlyRole(DEFAULT_ADMIN_ROLE) {
        CoordinatorConfig.setCallbackFeePerGas(feePerGas);
    }

    /// @notice Sets the treasury. Governance only.
    /// @param treasury The new treasury.
    function setTreasury(address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        CoordinatorConfig.setTreasury(treasury);
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
        bytes32 stored = _state().commitments[requestId];
        return Decision({status: CoordinatorCommitment.statusOf(stored), hash: CoordinatorCommitment.hashOf(stored)});
    }

    /// @inheritdoc IInferenceCoordinator
    function assignedOperator(Request calldata request) external view returns (address) {
        return CoordinatorTimeouts.assignedOperator(request);
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
        return _state().requestWord.callbackFeePerGas;
    }

    /// @inheritdoc IInferenceCoordinator
    function requestCount() external view returns (uint256) {
        return _state().requestWord.requestCount;
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

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
