// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {Decision, RequestParams, RequestStatus} from "../types/InferenceTypes.sol";
import {InputMode} from "../types/ModelTypes.sol";
import {InferenceConsumer} from "./InferenceConsumer.sol";
import {InferenceOutputs} from "./InferenceOutputs.sol";

/// @title CreditGate
/// @notice A lender's credit line gated by a Symbiote classifier run on the applicant's private data. The applicant
/// keeps the data and proves on their own node; the lender only ever sees the commitment, the decision, the score and
/// each feature's contribution to it. Approved applicants may draw up to the credit line from the gate's liquidity.
/// @dev The applicant must have granted this contract access (DataRegistry.grantAccess) for the model.
contract CreditGate is InferenceConsumer, Ownable {
    using SafeERC20 for IERC20;

    /// @notice Where an application stands.
    enum Status {
        None,
        Pending,
        Approved,
        Rejected
    }

    /// @notice One applicant's latest decision.
    struct Application {
        Status status;
        uint256 requestId;
        int256 score;
        uint256[4] explanation;
        uint256 drawn;
    }

    /// @notice Gas reserved for `onInferenceResult`.
    uint32 public constant CALLBACK_GAS = 200_000;

    /// @notice The classifier model this gate trusts.
    uint256 public immutable modelId;
    /// @notice Most an approved applicant may draw, in tokens.
    uint256 public immutable creditLine;

    mapping(address applicant => Application) private _applications;
    mapping(uint256 requestId => address applicant) private _applicantOf;

    /// @notice A decision was requested for `applicant`.
    event CreditRequested(address indexed applicant, uint256 indexed requestId, uint256 inputCommitment);
    /// @notice The verified decision for `applicant` arrived.
    event CreditDecided(address indexed applicant, uint256 indexed requestId, bool approved, int256 score);
    /// @notice `applicant` drew `amount` of its credit line.
    event CreditDrawn(address indexed applicant, uint256 amount);

    /// @dev `applicant` has no approved application.
    error CreditNotApproved(address applicant, Status status);
    /// @dev Drawing `amount` would exceed the line: `available` left.
    error CreditLineExceeded(address applicant, uint256 amount, uint256 available);
    /// @dev A decision for `applicant` is already pending.
    error CreditAlreadyPending(address applicant, uint256 requestId);

    /// @param coordinator_ The inference coordinator.
    /// @param feeToken_ The protocol token (fees and credit are both paid in it).
    /// @param modelId_ The classifier model.
    /// @param creditLine_ The credit line of an approved applicant.
    /// @param lender The owner: requests decisions and funds the gate.
    constructor(address coordinator_, address feeToken_, uint256 modelId_, uint256 creditLine_, address lender)
        InferenceConsumer(coordinator_, feeToken_)
        Ownable(lender)
    {
        modelId = modelId_;
        creditLine = creditLine_;
    }

    /// @notice Asks for a credit decision on `applicant`'s committed data. Lender only; the fee comes from the gate.
    /// @param applicant The data owner, whose node proves.
    /// @param inputCommitment The Poseidon commitment to the applicant's features (from their node).
    /// @param maxFee The most the gate pays for this decision.
    /// @return requestId The coordinator's request id.
    function requestDecision(address applicant, uint256 inputCommitment, uint96 maxFee)
        external
        onlyOwner
        returns (uint256 requestId)
    {
        Application storage application = _applications[applicant];
        if (application.status == Status.Pending) revert CreditAlreadyPending(applicant, application.requestId);
        uint256[] memory inputWords = new uint256[](1);
        inputWords[0] = inputCommitment;
        requestId = _requestInference(
            RequestParams({
                modelId: modelId,
                version: 0,
                inputMode: InputMode.Committed,
                inputWords: inputWords,
                dataOwner: applicant,
                callbackGasLimit: CALLBACK_GAS,
                maxFee: maxFee
            })
        );
        application.status = Status.Pending;
        application.requestId = requestId;
        _applicantOf[requestId] = applicant;
        emit CreditRequested(applicant, requestId, inputCommitment);
    }

    /// @notice Lets the lender ask again after a request expired unanswered (its fee came back to the gate).
    /// @param applicant The applicant whose pending request expired.
    function clearExpired(address applicant) external onlyOwner {
        Application storage application = _applications[applicant];
        Decision memory decision = coordinator.decisionOf(application.requestId);
        if (application.status == Status.Pending && decision.status == RequestStatus.Expired) {
            application.status = Status.None;
        }
    }

    /// @notice Draws `amount` of the caller's credit line.
    /// @param amount Tokens to draw.
    function draw(uint256 amount) external {
        Application storage application = _applications[msg.sender];
        if (application.status != Status.Approved) revert CreditNotApproved(msg.sender, application.status);
        uint256 available = creditLine - application.drawn;
        if (amount > available) revert CreditLineExceeded(msg.sender, amount, available);
        application.drawn += amount;
        feeToken.safeTransfer(msg.sender, amount);
        emit CreditDrawn(msg.sender, amount);
    }

    /// @notice An applicant's latest application.
    function applicationOf(address applicant) external view returns (Application memory) {
        return _applications[applicant];
    }

    /// @notice The explanation of `applicant`'s latest decision: each feature's contribution wᵢ·xᵢ to the score, with
    /// 32 fractional bits (divide by 2^32 for the real value).
    function contributionsOf(address applicant) external view returns (int256[16] memory contributions) {
        Application storage application = _applications[applicant];
        uint256[4] memory words = application.explanation;
        for (uint256 i; i < 16; ++i) {
            contributions[i] = InferenceOutputs.contribution(words, i);
        }
    }

    function _onResult(uint256 requestId, uint256[] calldata outputs) internal override {
        address applicant = _applicantOf[requestId];
        Application storage application = _applications[applicant];
        // Only the applicant's latest request counts; a stale one (after clearExpired and a new request) is ignored.
        if (applicant == address(0) || application.requestId != requestId) return;
        (int256 score, bool approved) = InferenceOutputs.classifierDecision(outputs);
        application.status = approved ? Status.Approved : Status.Rejected;
        application.score = score;
        application.explanation = [outputs[0], outputs[1], outputs[2], outputs[3]];
        emit CreditDecided(applicant, requestId, approved, score);
    }
}
