// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";

import {IInferenceCoordinator} from "../../contracts/interfaces/IInferenceCoordinator.sol";
import {Fulfillment, Request, RequestParams} from "../../contracts/types/InferenceTypes.sol";
import {Family, InputMode, ProofSystem} from "../../contracts/types/ModelTypes.sol";
import {Classifier16CommittedPlonkVerifier} from "../../contracts/verifiers/Classifier16CommittedPlonkVerifier.sol";
import {Classifier16PublicPlonkVerifier} from "../../contracts/verifiers/Classifier16PublicPlonkVerifier.sol";
import {Mlp16x32x4CommittedVerifier} from "../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32CommittedVerifier} from "../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {CoordinatorTestBase} from "../../test/contracts/utils/CoordinatorTestBase.sol";
import {PackedBatchEncoder} from "../../test/contracts/utils/PackedBatchEncoder.sol";
import {RecordingConsumer} from "../../test/contracts/utils/consumers/TestConsumers.sol";

/// @notice A consumer whose callback does nothing: the same batch requested by it measures the batch without the
/// consumers' own callback execution.
contract QuietConsumer is RecordingConsumer {
    constructor(address coordinator_, address token_) RecordingConsumer(coordinator_, token_) {}

    function _onResult(uint256, uint256[] calldata) internal pure override {}
}

/// @notice Gas of the coordinator's entry points with real Groth16 proofs, printed as `BENCH <case> <metric> <gas>`
/// lines that bench/gas.ts collects. Run through `npm run bench:gas` (forge --isolate: every call is its own
/// transaction, so cold/warm access and refunds are as on chain).
/// @dev Under --isolate, `vm.lastCallGas().gasTotalUsed` of a top-level call is its receipt gas: the 21,000 base, the
/// calldata and the execution.
contract GasBench is CoordinatorTestBase {
    /// @dev The issue's Groth16 floor: about 206,000 gas plus 6,700 per public signal.
    uint256 private constant GROTH16_FLOOR_BASE = 206_000;
    uint256 private constant GROTH16_FLOOR_PER_SIGNAL = 6700;

    uint256 private _lastFulfillCalldataGas;
    uint256 private _lastFulfillCalldataBytes;
    RecordingConsumer internal quietConsumer;

    function setUp() public override {
        super.setUp();
        quietConsumer = new QuietConsumer(address(coordinator), address(token));
        vm.prank(applicant);
        dataRegistry.grantAccess(address(quietConsumer), committedModel, uint64(block.timestamp + 30 days), 1000);
        vm.prank(applicant);
        dataRegistry.grantAccess(address(consumer), committedModel, uint64(block.timestamp + 30 days), 1000);
    }

    function test_bench_classifier16_committed() public {
        _benchSingle("classifier16-committed", true);
    }

    function test_bench_classifier16_public() public {
        _benchSingle("classifier16-public", false);
    }

    function test_bench_classifier16_committed_plonk() public {
        _benchOther(
            "classifier16-committed",
            "plonk",
            address(new Classifier16CommittedPlonkVerifier()),
            Family.Classifier,
            InputMode.Committed,
            [uint16(16), 0, 0]
        );
    }

    function test_bench_classifier16_public_plonk() public {
        _benchOther(
            "classifier16-public",
            "plonk",
            address(new Classifier16PublicPlonkVerifier()),
            Family.Classifier,
            InputMode.Public,
            [uint16(16), 0, 0]
        );
    }

    function test_bench_mlp16x32x4_public() public {
        _benchOther(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
    }

    function test_bench_mlp16x32x4_committed() public {
        _benchOther(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
    }

    function test_bench_recommender16x32_public() public {
        _benchOther(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
    }

    function test_bench_recommender16x32_committed() public {
        _benchOther(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
    }

    function test_bench_classifier16_committed_b1() public {
        _benchBatch("classifier16-committed", true, 1);
    }

    function test_bench_classifier16_committed_b2() public {
        _benchBatch("classifier16-committed", true, 2);
    }

    function test_bench_classifier16_committed_b4() public {
        _benchBatch("classifier16-committed", true, 4);
    }

    function test_bench_classifier16_committed_b8() public {
        _benchBatch("classifier16-committed", true, 8);
    }

    function test_bench_classifier16_committed_b16() public {
        _benchBatch("classifier16-committed", true, 16);
    }

    function test_bench_classifier16_committed_b32() public {
        _benchBatch("classifier16-committed", true, 32);
    }

    function test_bench_classifier16_public_b1() public {
        _benchBatch("classifier16-public", false, 1);
    }

    function test_bench_classifier16_public_b2() public {
        _benchBatch("classifier16-public", false, 2);
    }

    function test_bench_classifier16_public_b4() public {
        _benchBatch("classifier16-public", false, 4);
    }

    function test_bench_classifier16_public_b8() public {
        _benchBatch("classifier16-public", false, 8);
    }

    function test_bench_classifier16_public_b16() public {
        _benchBatch("classifier16-public", false, 16);
    }

    function test_bench_classifier16_public_b32() public {
        _benchBatch("classifier16-public", false, 32);
    }

    function test_bench_mlp16x32x4_public_b2() public {
        _useCircuit(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-public", false, 2);
    }

    function test_bench_mlp16x32x4_public_b4() public {
        _useCircuit(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-public", false, 4);
    }

    function test_bench_mlp16x32x4_public_b8() public {
        _useCircuit(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-public", false, 8);
    }

    function test_bench_mlp16x32x4_public_b16() public {
        _useCircuit(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-public", false, 16);
    }

    function test_bench_mlp16x32x4_public_b32() public {
        _useCircuit(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-public", false, 32);
    }

    function test_bench_mlp16x32x4_committed_b2() public {
        _useCircuit(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-committed", true, 2);
    }

    function test_bench_mlp16x32x4_committed_b4() public {
        _useCircuit(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-committed", true, 4);
    }

    function test_bench_mlp16x32x4_committed_b8() public {
        _useCircuit(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-committed", true, 8);
    }

    function test_bench_mlp16x32x4_committed_b16() public {
        _useCircuit(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-committed", true, 16);
    }

    function test_bench_mlp16x32x4_committed_b32() public {
        _useCircuit(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
        _benchBatch("mlp16x32x4-committed", true, 32);
    }

    function test_bench_recommender16x32_public_b2() public {
        _useCircuit(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-public", false, 2);
    }

    function test_bench_recommender16x32_public_b4() public {
        _useCircuit(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-public", false, 4);
    }

    function test_bench_recommender16x32_public_b8() public {
        _useCircuit(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-public", false, 8);
    }

    function test_bench_recommender16x32_public_b16() public {
        _useCircuit(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-public", false, 16);
    }

    function test_bench_recommender16x32_public_b32() public {
        _useCircuit(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-public", false, 32);
    }

    function test_bench_recommender16x32_committed_b2() public {
        _useCircuit(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-committed", true, 2);
    }

    function test_bench_recommender16x32_committed_b4() public {
        _useCircuit(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-committed", true, 4);
    }

    function test_bench_recommender16x32_committed_b8() public {
        _useCircuit(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-committed", true, 8);
    }

    function test_bench_recommender16x32_committed_b16() public {
        _useCircuit(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-committed", true, 16);
    }

    function test_bench_recommender16x32_committed_b32() public {
        _useCircuit(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
        _benchBatch("recommender16x32-committed", true, 32);
    }

    /// @dev Another circuit: registered on the spot, measured like the classifier-16 Groth16 pair.
    function _benchOther(
        string memory circuit,
        string memory backend,
        address verifier,
        Family family,
        InputMode mode,
        uint16[3] memory shape
    ) private {
        _useCircuit(circuit, backend, verifier, family, mode, shape);
        string memory name =
            keccak256(bytes(backend)) == keccak256("plonk") ? string.concat(circuit, "-plonk") : circuit;
        _benchSingle(name, mode == InputMode.Committed);
    }

    /// @dev Registers a circuit and a model on it, and puts them in the base's fixture and model slots so that
    /// _benchSingle and _benchBatch serve any circuit.
    function _useCircuit(
        string memory circuit,
        string memory backend,
        address verifier,
        Family family,
        InputMode mode,
        uint16[3] memory shape
    ) private {
        ProofFixture memory loaded = _loadFixture(circuit, backend);
        uint256 modelId = _registerFixtureModel(
            loaded, _registerFixtureCircuit(loaded, verifier, family, mode, shape), FEE, modelOwner
        );
        // the operator declares the new model's version, so that it is drawn for it (from the next second on)
        _declareVersion(OPERATOR, modelId, 1);
        vm.warp(block.timestamp + 1);
        if (mode == InputMode.Committed) {
            committedFixture = loaded;
            committedModel = modelId;
            // only commitments the data owner registered may be requested
            _registerInput(applicant, loaded.inputWords[0]);
            vm.startPrank(applicant);
            dataRegistry.grantAccess(address(consumer), modelId, uint64(block.timestamp + 30 days), 1000);
            dataRegistry.grantAccess(address(quietConsumer), modelId, uint64(block.timestamp + 30 days), 1000);
            vm.stopPrank();
        } else {
            publicFixture = loaded;
            publicModel = modelId;
        }
    }

    function _benchSingle(string memory name, bool committed) private {
        ProofFixture storage f = committed ? committedFixture : publicFixture;
        RequestParams memory params = committed ? _committedParams() : _publicParams();
        _warmUp(params, f, committed);

        // A request paid by a token transfer (the consumer approves, the coordinator pulls), then fulfilled with a
        // callback (the consumer stores the outputs): the receipt, and the same minus the consumer's own callback
        // execution.
        (uint256 requestTransferGas, uint256 id) = _measureRequest(abi.encodeCall(consumer.request, (params)));
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        uint256 callbackGas = _measureCallback(id, f.outputs);
        uint256 fulfillGas = _measureFulfill(_requestFromLogs(id), f);
        uint256 fulfillCalldataGas = _lastFulfillCalldataGas;
        uint256 fulfillCalldataBytes = _lastFulfillCalldataBytes;

        // The lean path: the consumer prepaid a deposit, so a request moves no tokens, and it requests from its deposit
        // (no balance check, no approval). Then a request that asks for no callback at all, fulfilled.
        _depositFor(address(consumer));
        (uint256 requestGas,) = _measureRequest(abi.encodeCall(consumer.requestFromDeposit, (params)));
        params.callbackGasLimit = 0;
        (, uint256 id3) = _measureRequest(abi.encodeCall(consumer.request, (params)));
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        // (the PLONK fixtures hold three proofs: no row there)
        if (f.proofs.length >= id3) _print(name, "fulfill_gas_no_callback", _measureFulfill(_requestFromLogs(id3), f));

        _print(name, "request_gas", requestGas);
        _print(name, "request_calldata_bytes", abi.encodeCall(consumer.request, (params)).length);
        _print(name, "request_gas_transfer", requestTransferGas);
        _print(name, "fulfill_gas", fulfillGas);
        _print(name, "consumer_callback_gas", callbackGas);
        _print(name, "fulfill_gas_excl_callback", fulfillGas - callbackGas);
        _print(name, "fulfill_calldata_bytes", fulfillCalldataBytes);
        _printFloor(name, f, fulfillGas - callbackGas, fulfillCalldataGas);
    }

    /// @dev Prepays requests for `account` (plenty for every request of a case).
    function _depositFor(address account) private {
        _fund(address(this), 10_000 ether);
        token.approve(address(coordinator), 10_000 ether);
        coordinator.depositFor(account, 10_000 ether);
    }

    /// @dev The consumer's own execution of `onInferenceResult` for `requestId`, as the fulfillment will run it: on a
    /// snapshot of the state just before the fulfillment, called from the coordinator as its own transaction, minus
    /// that transaction's base and calldata. Excludes what the coordinator spends around the call (the cold account,
    /// the gas check, the CallbackResult event), which stays in `fulfill_gas_excl_callback`.
    function _measureCallback(uint256 requestId, uint256[] memory outputs) private returns (uint256 gas) {
        uint256 snapshot = vm.snapshotState();
        bytes memory data = abi.encodeCall(consumer.onInferenceResult, (requestId, outputs));
        vm.prank(address(coordinator));
        (bool ok,) = address(consumer).call(data);
        require(ok, "callback failed");
        gas = vm.lastCallGas().gasTotalUsed - 21_000 - _calldataGas(data);
        vm.revertToState(snapshot);
    }

    /// @dev The fulfillment (minus the consumer's own callback) against the issue's Groth16 floor for its public
    /// signals: 206,000 + 6,700 per signal, the pairing check, the transaction base and the proof's calldata included.
    /// Only meaningful for Groth16 cases.
    function _printFloor(string memory name, ProofFixture storage f, uint256 fulfillGas, uint256 calldataGas) private {
        if (f.proofSystem != ProofSystem.Groth16) return;
        // outputs, the input words, the weights commitment and the binding
        uint256 signals = f.outputs.length + f.inputWords.length + 2;
        uint256 floor = GROTH16_FLOOR_BASE + GROTH16_FLOOR_PER_SIGNAL * signals;
        _print(name, "public_signals", signals);
        _print(name, "fulfill_calldata_gas", calldataGas);
        _print(name, "groth16_floor_gas", floor);
        _print(name, "fulfill_gas_above_floor", fulfillGas - floor);
    }

    /// @dev Calldata cost of a transaction's input under EIP-2028: 4 gas per zero byte, 16 per other byte.
    function _calldataGas(bytes memory data) private pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }

    /// @dev A batch of `size` fulfillments requested by the recording consumer (callbacks that store the outputs);
    /// then, from the same state, the same batch requested by a consumer whose callback does nothing: its receipt is
    /// the batch without the consumers' own callback execution (the coordinator's work around each callback stays).
    function _benchBatch(string memory name, bool committed, uint256 size) private {
        ProofFixture storage f = committed ? committedFixture : publicFixture;
        RequestParams memory params = committed ? _committedParams() : _publicParams();
        _warmUp(params, f, committed);
        _depositFor(address(consumer));
        _depositFor(address(quietConsumer));
        require(coordinator.requestCount() + size <= f.proofs.length, "not enough fixture proofs");
        uint256 snapshot = vm.snapshotState();
        (uint256 total, uint256 calldataBytes) = _measureBatch(consumer, params, f, size, committed, true);
        vm.revertToState(snapshot);
        (uint256 quiet,) = _measureBatch(quietConsumer, params, f, size, committed, true);
        vm.revertToState(snapshot);
        (uint256 quietAbi, uint256 abiBytes) = _measureBatch(quietConsumer, params, f, size, committed, false);
        string memory row = string.concat(name, "-b", vm.toString(size));
        _print(row, "batch_gas_per_inference", total / size);
        _print(row, "batch_gas_per_inference_excl_callback", quiet / size);
        _print(row, "batch_calldata_bytes_per_inference", calldataBytes / size);
        _print(row, "abi_batch_gas_per_inference_excl_callback", quietAbi / size);
        _print(row, "abi_batch_calldata_bytes_per_inference", abiBytes / size);
    }

    function _measureBatch(
        RecordingConsumer requester,
        RequestParams memory params,
        ProofFixture storage f,
        uint256 size,
        bool committed,
        bool packed
    ) private returns (uint256 gas, uint256 calldataBytes) {
        Fulfillment[] memory batch = new Fulfillment[](size);
        for (uint256 i; i < size; ++i) {
            uint256 id = requester.request(params);
            batch[i] = Fulfillment(_requestFromLogs(id), f.outputs, f.proofs[id - 1]);
        }
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        vm.recordLogs();
        // the node's encoding (`fulfillBatchPacked`), or the ABI one (`fulfillBatch`)
        bytes memory data = packed
            ? abi.encodeCall(coordinator.fulfillBatchPacked, (PackedBatchEncoder.encode(batch)))
            : abi.encodeCall(coordinator.fulfillBatch, (batch));
        calldataBytes = data.length;
        vm.prank(OPERATOR);
        (bool ok,) = address(coordinator).call(data);
        require(ok, "batch failed");
        gas = vm.lastCallGas().gasTotalUsed;
        require(_logsOf(IInferenceCoordinator.DecisionRecorded.selector).length == size, "not every item settled");
    }

    /// @dev One fulfillment first, so that the ledger slots (operator, version, protocol) hold value as they do in
    /// steady operation: the figures are then those of every inference but a node's very first.
    function _warmUp(RequestParams memory params, ProofFixture storage f, bool committed) private {
        uint256 id = consumer.request(params);
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        vm.prank(OPERATOR);
        coordinator.fulfill(_requestFromLogs(id), f.outputs, f.proofs[id - 1]);
    }

    function _measureRequest(bytes memory call) private returns (uint256 gas, uint256 id) {
        (bool ok, bytes memory result) = address(consumer).call(call);
        require(ok, "request failed");
        // The whole consumer transaction: its fee approval and the coordinator's request.
        gas = vm.lastCallGas().gasTotalUsed;
        id = abi.decode(result, (uint256));
    }

    function _measureFulfill(Request memory request, ProofFixture storage f) private returns (uint256) {
        bytes memory data = abi.encodeCall(coordinator.fulfill, (request, f.outputs, f.proofs[request.requestId - 1]));
        _lastFulfillCalldataGas = _calldataGas(data);
        _lastFulfillCalldataBytes = data.length;
        vm.prank(OPERATOR);
        (bool ok,) = address(coordinator).call(data);
        require(ok, "fulfill failed");
        return vm.lastCallGas().gasTotalUsed;
    }

    function _print(string memory name, string memory metric, uint256 value) private pure {
        console.log(string.concat("BENCH ", name, " ", metric, " ", vm.toString(value)));
    }
}
