// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {InferenceCoordinator} from "../../../../contracts/oracle/InferenceCoordinator.sol";
import {
    Decision,
    Fulfillment,
    Request,
    RequestParams,
    RequestStatus
} from "../../../../contracts/types/InferenceTypes.sol";
import {PackedBatchEncoder} from "../../utils/PackedBatchEncoder.sol";
import {RecordingConsumer} from "../../utils/consumers/TestConsumers.sol";

/// @notice Drives the coordinator through requests, real-proof fulfillments, expiries and every payout, keeping
/// ghost totals of what went in and out.
contract CoordinatorHandler is CommonBase, StdUtils {
    InferenceCoordinator internal immutable coordinator;
    IERC20 internal immutable token;
    RecordingConsumer internal immutable consumer;
    address internal immutable operator;
    uint256 internal immutable modelId;
    uint256 public immutable maxRequests;

    RequestParams internal params;
    uint256[] internal outputs;
    bytes[] internal proofs;
    Request[] internal requests;

    // Ghost accounting.
    uint256 public feesIn;
    uint256 public refunds;
    uint256 public paidOut;
    uint256 public slashedIn;
    uint256 public slashedToRequesters;
    uint256 public fulfilled;
    uint256 public expired;
    /// @notice Fulfillments whose credited shares did not add up to the fee (must stay 0).
    uint256 public splitMismatches;
    /// @notice Requests recorded as decided more than once (must stay 0).
    uint256 public settledTwice;
    /// @notice Items of a batch that settled although their proof was bad (must stay 0).
    uint256 public badItemsSettled;
    uint256 public batches;
    mapping(uint256 requestId => uint256) public decisions;

    constructor(
        InferenceCoordinator coordinator_,
        IERC20 token_,
        RecordingConsumer consumer_,
        address operator_,
        uint256 modelId_,
        RequestParams memory params_,
        uint256[] memory outputs_,
        bytes[] memory proofs_
    ) {
        coordinator = coordinator_;
        token = token_;
        consumer = consumer_;
        operator = operator_;
        modelId = modelId_;
        params = params_;
        outputs = outputs_;
        for (uint256 i; i < proofs_.length; ++i) {
            proofs.push(proofs_[i]);
        }
        maxRequests = proofs_.length;
    }

    function request() external {
        if (requests.length >= maxRequests) return;
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.recordLogs();
        uint256 id = consumer.request(params);
        // The coordinator keeps only its hash: the request as emitted.
        Request memory made = _emitted(id);
        requests.push(made);
        // by transfer, or from the deposit (whose tokens came in when deposited)
        feesIn += consumerBefore - token.balanceOf(address(consumer));
    }

    /// @notice Prepays requests: the handler deposits for the consumer.
    function deposit(uint256 amount) external {
        amount = bound(amount, 1, 50 ether);
        token.approve(address(coordinator), amount);
        coordinator.depositFor(address(consumer), amount);
        feesIn += amount;
    }

    /// @notice A batch of up to six items mixing valid proofs, bad proofs, duplicates and requests already served
    /// or expired.
    function fulfillBatch(uint256 seed) external {
        if (requests.length == 0) return;
        uint256 size = 1 + seed % 6;
        Fulfillment[] memory batch = new Fulfillment[](size);
        bool[] memory bad = new bool[](size);
        for (uint256 i; i < size; ++i) {
            uint256 pick = uint256(keccak256(abi.encode(seed, i)));
            if (i != 0 && pick % 5 == 0) {
                batch[i] = batch[i - 1]; // a duplicate
                bad[i] = bad[i - 1];
                continue;
            }
            Request memory target = requests[pick % requests.length];
            bytes memory proof = bytes.concat(proofs[target.requestId - 1]);
            if (pick % 3 == 0) {
                proof[33] ^= 0x01; // a changed proof word
                bad[i] = true;
            }
            batch[i] = Fulfillment(target, outputs, proof);
        }
        uint256[] memory pendingFee = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            Request memory target = batch[i].request;
            if (coordinator.decisionOf(target.requestId).status == RequestStatus.Pending) {
                pendingFee[i] = target.fee;
            }
        }
        uint256 ledgerBefore = ledgerTotal();
        vm.recordLogs();
        vm.prank(operator);
        // the ABI encoding or the packed one the node sends: the same settlement either way
        if (seed % 2 == 0) coordinator.fulfillBatch(batch);
        else coordinator.fulfillBatchPacked(PackedBatchEncoder.encode(batch));
        ++batches;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 credited;
        for (uint256 l; l < logs.length; ++l) {
            if (logs[l].topics.length < 2 || logs[l].topics[0] != IInferenceCoordinator.DecisionRecorded.selector) {
                continue;
            }
            uint256 id = uint256(logs[l].topics[1]);
            if (++decisions[id] > 1) ++settledTwice;
            ++fulfilled;
            for (uint256 i; i < size; ++i) {
                if (batch[i].request.requestId != id) continue;
                credited += pendingFee[i];
                pendingFee[i] = 0; // a duplicate is credited once
                break;
            }
            // settled: some item for it carried a good proof
            bool honest;
            for (uint256 i; i < size; ++i) {
                if (batch[i].request.requestId == id && !bad[i]) honest = true;
            }
            if (!honest) ++badItemsSettled;
        }
        if (ledgerTotal() - ledgerBefore != credited) ++splitMismatches;
    }

    function fulfill(uint256 seed) external {
        if (requests.length == 0) return;
        Request memory target = requests[seed % requests.length];
        Decision memory decision = coordinator.decisionOf(target.requestId);
        if (decision.status != RequestStatus.Pending || block.timestamp > target.deadline) {
            return;
        }
        uint256 ledgerBefore = ledgerTotal();
        vm.prank(operator);
        coordinator.fulfill(target, outputs, proofs[target.requestId - 1]);
        if (ledgerTotal() - ledgerBefore != target.fee) ++splitMismatches;
        if (++decisions[target.requestId] > 1) ++settledTwice;
        ++fulfilled;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 hours));
    }

    function cancelAll() external {
        Request[] memory ids = requests;
        uint256 consumerBefore = token.balanceOf(address(consumer));
        (, uint256 treasuryBefore) = coordinator.protocolEarnings();
        uint256 balanceBefore = token.balanceOf(address(coordinator));
        uint256 pendingBefore = pendingFees();
        uint256 cancelled = coordinator.cancelExpired(ids);
        if (cancelled == 0) return;
        expired += cancelled;
        uint256 refunded = pendingBefore - pendingFees();
        uint256 toConsumer = token.balanceOf(address(consumer)) - consumerBefore;
        (, uint256 treasuryAfter) = coordinator.protocolEarnings();
        refunds += refunded;
        slashedToRequesters += toConsumer - refunded;
        slashedIn += (toConsumer - refunded) + (treasuryAfter - treasuryBefore);
        // The coordinator kept exactly the treasury's part of the slash.
        assert(token.balanceOf(address(coordinator)) + refunded == balanceBefore + (treasuryAfter - treasuryBefore));
    }

    function withdrawOperator() external {
        uint256 amount = coordinator.operatorEarnings(operator);
        if (amount == 0) return;
        vm.prank(operator);
        coordinator.withdrawOperatorEarnings(operator);
        paidOut += amount;
    }

    function withdrawOwner() external {
        (uint256 owner,) = coordinator.versionEarnings(modelId, 1);
        if (owner == 0) return;
        uint32[] memory versions = new uint32[](1);
        versions[0] = 1;
        coordinator.withdrawModelEarnings(modelId, versions);
        paidOut += owner;
    }

    function flushData() external {
        (, uint256 data) = coordinator.versionEarnings(modelId, 1);
        if (data == 0) return;
        coordinator.flushDataRewards(modelId, 1);
        paidOut += data;
    }

    function distribute() external {
        (uint256 stakers, uint256 treasury) = coordinator.protocolEarnings();
        if (stakers + treasury == 0) return;
        coordinator.distributeProtocolFees();
        paidOut += stakers + treasury;
    }

    /// @notice Fees escrowed by requests still pending.
    function pendingFees() public view returns (uint256 total) {
        for (uint256 i; i < requests.length; ++i) {
            Decision memory decision = coordinator.decisionOf(requests[i].requestId);
            if (decision.status == RequestStatus.Pending) {
                total += uint256(requests[i].fee) + requests[i].callbackFee;
            }
        }
    }

    /// @notice Everything the coordinator's ledger owes.
    function ledgerTotal() public view returns (uint256) {
        (uint256 owner, uint256 data) = coordinator.versionEarnings(modelId, 1);
        (uint256 stakers, uint256 treasury) = coordinator.protocolEarnings();
        return coordinator.operatorEarnings(operator) + owner + data + stakers + treasury;
    }

    function requestCount() external view returns (uint256) {
        return requests.length;
    }

    function _emitted(uint256 id) private returns (Request memory) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (
                logs[i].topics.length > 1 && logs[i].topics[0] == IInferenceCoordinator.InferenceRequested.selector
                    && uint256(logs[i].topics[1]) == id
            ) return abi.decode(logs[i].data, (Request));
        }
        revert("request event not found");
    }

    uint32 public circuitId;
    uint256 public weightsCommitment;

    function setCircuit(uint32 circuitId_, uint256 weightsCommitment_) external {
        circuitId = circuitId_;
        weightsCommitment = weightsCommitment_;
    }
}
