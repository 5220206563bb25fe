// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

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

/// @title IInferenceCoordinator
/// @notice The on-chain AI oracle. A requester escrows a fee and asks a registered model for an inference on public
/// features or on committed private data; an operator answers with a zk-SNARK proof that the committed model produced
/// exactly these outputs (and explanation); the coordinator verifies it, records the decision, splits the fee and
/// calls the requester back.
interface IInferenceCoordinator {
    /* ------------------------------------------------------------------ */
    /*                                EVENTS                              */
    /* ------------------------------------------------------------------ */

    /// @notice A request was made; `request` holds everything an operator needs.
    event InferenceRequested(
        uint256 indexed requestId, address indexed requester, uint256 indexed modelId, Request request
    );
    /// @notice The decision log: a verified inference. With the request's `InferenceRequested` (joined by
    /// `requestId`: model, version, input mode, weights commitment, input words, requester, fees), it is the full
    /// trail; the request's fields are not repeated here, which saves every settlement ~2k gas.
    event DecisionRecorded(uint256 indexed requestId, address indexed operator, uint256[] outputs, bytes32 proofHash);
    /// @notice The fees of `count` requests on `modelId`/`version` that `operator` settled in one batch were
    /// credited: FeeSplitMath.split(the sum of their fees, the fee shares in force at that block), plus the sum of
    /// their callback fees to the operator. A single `fulfill` logs none: it credits exactly FeeSplitMath.split(its
    /// request's fee, the shares in force) plus the request's callback fee to the operator, which InferenceRequested,
    /// DecisionRecorded and FeeSharesUpdated already determine.
    event FeesCredited(
        uint256 indexed modelId,
        uint32 indexed version,
        address indexed operator,
        uint256 count,
        uint256 operatorAmount,
        uint256 modelOwnerAmount,
        uint256 dataAmount,
        uint256 stakersAmount,
        uint256 treasuryAmount
    );
    /// @notice `payer` added `amount` to the prepaid balance of `account`.
    event Deposited(address indexed account, address indexed payer, uint256 amount);
    /// @notice `account` withdrew `amount` of its prepaid balance to `receiver`.
    event DepositWithdrawn(address indexed account, address indexed receiver, uint256 amount);
    /// @notice The consumer's callback for `requestId` reverted, ran out of its gas or found no code; the decision
    /// stands (status CallbackFailed). A successful callback adds no event of its own: a request that asked for a
    /// callback and was recorded (DecisionRecorded) without CallbackFailed was called back, in the same transaction.
    event CallbackFailed(uint256 indexed requestId);
    /// @notice A request was cancelled: past its deadline unanswered, or its version flagged or its circuit retired.
    /// The requester got `refund` (its whole escrow); `operator` (address(0) if nobody answers for it) lost `slashed`,
    /// which went to the treasury.
    event RequestExpired(uint256 indexed requestId, address indexed operator, uint256 refund, uint256 slashed);
    /// @notice A fulfillment in a batch was skipped because the request was no longer pending or had expired.
    event FulfillmentSkipped(uint256 indexed requestId, RequestStatus status);
    /// @notice A fulfillment in a batch was refused (`reason`: the revert data); the other items went on.
    event FulfillmentRejected(uint256 indexed requestId, bytes reason);
    /// @notice Assignment round `round` began: its seed was requested, and the operator set as it stood at the end of
    /// second `startTime - 1` draws its requests.
    event RoundStarted(uint64 indexed round, uint64 startBlock, uint64 startTime);
    /// @notice Accrued payouts moved.
    event EarningsWithdrawn(address indexed beneficiary, address indexed receiver, uint256 amount);
    /// @notice Protocol shares were pushed: `stakers` to the vault, `treasury` to the treasury.
    event ProtocolFeesDistributed(uint256 stakers, uint256 treasury);
    /// @notice The data share of a model version was deposited into DataRewards.
    event DataRewardsFlushed(uint256 indexed modelId, uint32 indexed version, uint256 amount);
    /// @notice Governance changed the fee shares.
    event FeeSharesUpdated(FeeShares shares);
    /// @notice Governance changed the service parameters.
    event ServiceParamsUpdated(ServiceParams params);
    /// @notice Governance changed what a requester pays per unit of callback gas.
    event CallbackFeePerGasUpdated(uint256 feePerGas);
    /// @notice Governance changed a dependency (`what` names it).
    event DependencyUpdated(bytes32 indexed what, address value);

    /* ------------------------------------------------------------------ */
    /*                                ERRORS                              */
    /* ------------------------------------------------------------------ */

    /// @dev The model's fee `fee` is above the requester's maximum `maxFee`.
    error CoordinatorFeeAboveMax(uint256 fee, uint256 maxFee);
    /// @dev `given` input words were passed; the circuit takes `expected`.
    error CoordinatorWrongInputWords(uint256 given, uint256 expected);
    /// @dev `given` output words were passed; the circuit produces `expected`.
    error CoordinatorWrongOutputWords(uint256 given, uint256 expected);
    /// @dev Public signal `index` is not below the BN254 field modulus.
    error CoordinatorSignalOutsideField(uint256 index, uint256 value);
    /// @dev The callback gas limit `given` is above the governable maximum `max`.
    error CoordinatorCallbackGasTooHigh(uint32 given, uint32 max);
    /// @dev Committed-input requests need a data owner; public ones must not name one.
    error CoordinatorBadDataOwner(InputMode mode, address dataOwner);
    /// @dev No request with this id, or it is not pending (`status`).
    error CoordinatorRequestNotPending(uint256 requestId, RequestStatus status);
    /// @dev The request passed back does not hash to what was stored.
    error CoordinatorRequestMismatch(uint256 requestId);
    /// @dev The request's deadline `deadline` has passed.
    error CoordinatorRequestExpired(uint256 requestId, uint64 deadline);
    /// @dev The request has not expired yet (deadline `deadline`).
    error CoordinatorRequestNotExpired(uint256 requestId, uint64 deadline);
    /// @dev Only `expected` (the data owner's node) may serve this committed-input request; `caller` tried.
    error CoordinatorNotServingNode(uint256 requestId, address expected, address caller);
    /// @dev `caller` is not an eligible operator.
    error CoordinatorIneligibleOperator(address caller);
    /// @dev Within the exclusive window only `assigned` may fulfill; `caller` tried.
    error CoordinatorNotAssignedOperator(uint256 requestId, address assigned, address caller);
    /// @dev Within the exclusive window, and the round's seed is not known yet: nobody is assigned so far.
    error CoordinatorAssignmentPending(uint256 requestId, uint64 round);
    /// @dev The proof does not verify for these outputs, inputs, model and binding.
    error CoordinatorInvalidProof(uint256 requestId);
    /// @dev The proof is `length` bytes; the circuit's proof system takes `expected`.
    error CoordinatorBadProofLength(uint256 length, uint256 expected);
    /// @dev Not enough gas left to give the callback its full `callbackGasLimit`.
    error CoordinatorInsufficientGasForCallback(uint256 requestId, uint32 callbackGasLimit);
    /// @dev Not enough gas left to give the slash of the operator answering for expired request `requestId` its full
    /// `slashGas`: a cancel whose slash could run out of gas (and be skipped) is refused whole.
    error CoordinatorInsufficientGasForSlash(uint256 requestId, uint256 slashGas);
    /// @dev Fee shares must sum to 10,000 basis points; they sum to `sum`.
    error CoordinatorBadFeeShares(uint256 sum);
    /// @dev A service parameter is out of range (`reason` names it).
    error CoordinatorBadServiceParams(string reason);
    /// @dev The zero address was given.
    error CoordinatorZeroAddress();
    /// @dev Nothing to pay out.
    error CoordinatorNothingToWithdraw();
    /// @dev An empty batch.
    error CoordinatorEmptyBatch();
    /// @dev A `fulfillBatchPacked` batch is not well formed from byte `offset` on (an unknown format, a template
    /// index out of range, a field cut short, or bytes after the last item); nothing in it was settled.
    error CoordinatorPackedBatchMalformed(uint256 offset);
    /// @dev Only the model registry tells the coordinator of flags and retirements; `caller` is not it.
    error CoordinatorNotRegistry(address caller);
    /// @dev Only the DataRegistry writes the consent ledger; `caller` is not it.
    error CoordinatorNotDataRegistry(address caller);
    /// @dev Requests must end (`requestTimeout` + SLASH_GRACE = `exposure`) before stake that was bonded when they
    /// began can leave the vault (`cooldown`); otherwise the operator they slash could withdraw first.
    error CoordinatorCooldownBelowExposure(uint64 exposure, uint64 cooldown);
    /// @dev The prepaid balance `available` does not cover `amount`.
    error CoordinatorDepositTooLow(uint256 available, uint256 amount);
    /// @dev A zero amount was given.
    error CoordinatorZeroAmount();
    /// @dev The version `version` of model `modelId` does not exist (or the model does not).
    error CoordinatorUnknownVersion(uint256 modelId, uint32 version);
    /// @dev The model registry is not bound to this coordinator (`bindCoordinator`), so its flags would not reach it.
    error CoordinatorNotBoundToRegistry(address registry, address boundCoordinator);

    /* ------------------------------------------------------------------ */
    /*                               REQUESTS                             */
    /* ------------------------------------------------------------------ */

    /// @notice Requests an inference, escrowing the model's fee plus the callback fee: from the caller's prepaid
    /// balance (`deposit`) when it covers the whole escrow, else by a token transfer (approved beforehand).
    /// @param params What to run, on what, and how to call back.
    /// @return requestId The new request's id.
    function requestInference(RequestParams calldata params) external returns (uint256 requestId);

    /// @notice Like `requestInference`, approving the fee with an EIP-2612 permit signed by the caller.
    /// @param params What to run, on what, and how to call back.
    /// @param permitValue The amount the permit approves (≥ the fee).
    /// @param deadline Permit deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    /// @return requestId The new request's id.
    function requestInferenceWithPermit(
        RequestParams calldata params,
        uint256 permitValue,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 requestId);

    /* ------------------------------------------------------------------ */
    /*                              FULFILLMENT                            */
    /* ------------------------------------------------------------------ */

    /// @notice Answers a request with a proof. Verifies the request, the operator's right to serve it, the version's
    /// standing and the proof; records the decision; splits the fee; calls the requester back.
    /// @param request The request exactly as emitted in `InferenceRequested`.
    /// @param outputs The circuit's output words.
    /// @param proof The proof, encoded as the circuit's verifier takes it (Groth16: 8 words; PLONK: 24 words).
    function fulfill(Request calldata request, uint256[] calldata outputs, bytes calldata proof) external;

    /// @notice Answers several requests in one transaction. Requests already settled (or repeated in the batch) or
    /// expired are skipped (`FulfillmentSkipped`); an item refused for any other reason (a bad proof, a version flagged
    /// meanwhile, a serving right lost) is skipped with `FulfillmentRejected`, and the others settle. Groth16 proofs of
    /// one circuit are checked together with one batch verification; if it fails, each is checked alone.
    /// @param fulfillments The requests, outputs and proofs.
    function fulfillBatch(Fulfillment[] calldata fulfillments) external;

    /// @notice `fulfillBatch` with the batch in the packed encoding (PackedBatchCodec; docs/oracle.md, "The packed
    /// batch"): the request fields a consumer's requests to one version share are sent once per batch, and no field is
    /// padded to a word. The batch is settled exactly as its ABI encoding would be by `fulfillBatch`, at a fraction of
    /// the calldata. Reverts with `CoordinatorPackedBatchMalformed` if the bytes are not a well-formed batch.
    /// @param packed The batch, in the packed encoding.
    function fulfillBatchPacked(bytes calldata packed) external;

    /// @notice Cancels pending requests past their deadline, or whose version was flagged or circuit retired since:
    /// refunds each requester's whole escrow. A request past its deadline also slashes the operator that answered for
    /// it, if it could have served: the operator drawn for it from a seed known at least `exclusiveWindow` before the
    /// deadline, or the data owner's node, each only if it had declared the version before the request. Anyone may
    /// call; requests not pending, not yet cancellable or not matching the stored hash are skipped. The refund is a
    /// token transfer to the requester, however the request was paid.
    /// @param requests The requests, exactly as emitted in `InferenceRequested`.
    /// @return cancelled How many were cancelled.
    function cancelExpired(Request[] calldata requests) external returns (uint256 cancelled);

    /* ------------------------------------------------------------------ */
    /*                           PREPAID BALANCE                          */
    /* ------------------------------------------------------------------ */

    /// @notice Adds `amount` tokens (approved beforehand) to the caller's prepaid balance.
    /// @param amount Token wei.
    function deposit(uint256 amount) external;

    /// @notice Adds `amount` tokens of the caller (approved beforehand) to `account`'s prepaid balance.
    /// @param account Whose balance grows.
    /// @param amount Token wei.
    function depositFor(address account, uint256 amount) external;

    /// @notice Pays `amount` of the caller's own prepaid balance to `receiver`.
    /// @param amount Token wei.
    /// @param receiver Where the tokens go.
    function withdrawDeposit(uint256 amount, address receiver) external;

    /// @notice The prepaid balance of `account`.
    function depositOf(address account) external view returns (uint256);

    /* ------------------------------------------------------------------ */
    /*                            CONSENT LEDGER                          */
    /* ------------------------------------------------------------------ */

    /// @notice Writes an entry of a data owner's consent ledger (ConsentWord). The DataRegistry only: it keeps the
    /// ledger exact by writing every consent change here in the same transaction.
    /// @param owner The data owner.
    /// @param entry The entry: the data node, an input commitment or a grant (ConsentWord).
    /// @param word The entry's new word.
    function onConsentChanged(address owner, bytes32 entry, uint256 word) external;

    /// @notice A model version's weights base on a circuit (IWeightsBaseVerifier.weightsBase of its commitment), which
    /// single fulfillments start vk_x from: (0, 0) until the version's first single fulfillment on the circuit stores
    /// it, and for a circuit whose verifier has no weights-base entry points.
    function weightsBaseOf(uint256 modelId, uint32 version, uint32 circuitId)
        external
        view
        returns (uint256 x, uint256 y);

    /// @notice An entry of a data owner's consent ledger: zero if not copied from the DataRegistry yet.
    /// @param owner The data owner.
    /// @param entry The entry (ConsentWord).
    function consentOf(address owner, bytes32 entry) external view returns (uint256);

    /* ------------------------------------------------------------------ */
    /*                                PAYOUTS                             */
    /* ------------------------------------------------------------------ */

    /// @notice Pays the caller's accrued operator earnings to `receiver`.
    /// @param receiver Where the tokens go.
    /// @return amount The amount paid.
    function withdrawOperatorEarnings(address receiver) external returns (uint256 amount);

    /// @notice Pays a model's accrued owner share (for the listed versions) to its current owner. Anyone may call.
    /// @param modelId The model.
    /// @param versions The versions whose owner share to pay.
    /// @return amount The amount paid.
    function withdrawModelEarnings(uint256 modelId, uint32[] calldata versions) external returns (uint256 amount);

    /// @notice Deposits a version's accrued data share into DataRewards for its contributors. Anyone may call.
    /// @param modelId The model.
    /// @param version The version.
    /// @return amount The amount deposited.
    function flushDataRewards(uint256 modelId, uint32 version) external returns (uint256 amount);

    /// @notice Pushes the accrued stakers' share to the StakingVault and the treasury's share to the treasury.
    /// Anyone may call.
    function distributeProtocolFees() external;

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @notice The on-chain record of a request: its status and hash.
    function decisionOf(uint256 requestId) external view returns (Decision memory);

    /// @notice The operator that answers for a request: the data owner's node for committed inputs; for public inputs
    /// the operator drawn by `IOperatorRegistry.assignedOperatorAt` from the round's seed over the set as it stood at
    /// the round's start (address(0) while the seed is unknown, if no draw hit an operator that declared the version,
    /// or for a request that does not match the stored hash). It never changes once drawn. Answers while the request
    /// is pending or expired: once fulfilled, its record holds the decision's hash, so the request no longer matches;
    /// read a settled public request's draw with `publicAssignment`.
    /// @param request The request, exactly as emitted in `InferenceRequested`.
    /// @return assigned The answering operator, or address(0).
    function assignedOperator(Request calldata request) external view returns (address assigned);

    /// @notice The operator a public-input request `requestId` on `modelId`/`version` made in `round` is (or would be)
    /// drawn: address(0) while the round's seed is unknown.
    function publicAssignment(uint64 round, uint256 requestId, uint256 modelId, uint32 version)
        external
        view
        returns (address);

    /// @notice The current assignment round, the block and time it began.
    function currentRound() external view returns (uint64 round, uint64 startBlock, uint64 startTime);

    /// @notice When round `round` began (0 if it never did): its requests are drawn over the operator set as it stood
    /// at the end of second `startTime - 1`.
    function roundStartTime(uint64 round) external view returns (uint64 startTime);

    /// @notice How long after a request begins its operator may still be slashed: `requestTimeout` + SLASH_GRACE. The
    /// vault keeps its unstake cooldown at least this long.
    function slashExposure() external view returns (uint64);

    /// @notice Accrued, unpaid operator earnings.
    function operatorEarnings(address operator) external view returns (uint256);

    /// @notice Accrued, unpaid model-owner and data shares of a version.
    function versionEarnings(uint256 modelId, uint32 version) external view returns (uint256 owner, uint256 data);

    /// @notice Accrued, undistributed stakers' and treasury shares.
    function protocolEarnings() external view returns (uint256 stakers, uint256 treasury);

    /// @notice The number of requests ever made (ids run from 1).
    function requestCount() external view returns (uint256);

    /// @notice The current fee shares.
    function feeShares() external view returns (FeeShares memory);

    /// @notice The current service parameters.
    function serviceParams() external view returns (ServiceParams memory);

    /// @notice Token wei a requester pays per unit of callback gas it asks for (paid to the operator that runs it).
    function callbackFeePerGas() external view returns (uint256);
}
