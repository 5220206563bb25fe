// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";

import {IInferenceCoordinator} from "../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../contracts/interfaces/IModelRegistry.sol";
import {Classifier16CommittedPlonkVerifier} from "../../contracts/verifiers/Classifier16CommittedPlonkVerifier.sol";
import {Classifier16PublicPlonkVerifier} from "../../contracts/verifiers/Classifier16PublicPlonkVerifier.sol";
import {Mlp16x32x4CommittedVerifier} from "../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32CommittedVerifier} from "../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {CoordinatorTestBase} from "../../test/contracts/utils/CoordinatorTestBase.sol";

/// @notice Gas of the coordinator's entry points with real Groth16 proofs, printed as `BENCH <case> <metric> <gas>`
/// lines that bench/gas.ts collects. Run through `npm run bench:gas` (forge --isolate: every call is its own
/// transaction, so cold/warm access and refunds are as on chain).
/// @dev Under --isolate, `vm.lastCallGas().gasTotalUsed` of a top-level call is its receipt gas: the 21,000 base, the
/// calldata and the execution.
contract GasBench is CoordinatorTestBase {
    /// @dev The issue's Groth16 floor: about 206,000 gas plus 6,700 per public signal.
    uint256 private constant GROTH16_FLOOR_BASE = 206_000;
    uint256 private constant GROTH16_FLOOR_PER_SIGNAL = 6700;

    uint256 private _lastFulfilCalldataGas;

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
            IModelRegistry.Family.Classifier,
            IModelRegistry.InputMode.Committed,
            [uint16(16), 0, 0]
        );
    }

    function test_bench_classifier16_public_plonk() public {
        _benchOther(
            "classifier16-public",
            "plonk",
            address(new Classifier16PublicPlonkVerifier()),
            IModelRegistry.Family.Classifier,
            IModelRegistry.InputMode.Public,
            [uint16(16), 0, 0]
        );
    }

    function test_bench_mlp16x32x4_public() public {
        _benchOther(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            IModelRegistry.Family.Mlp,
            IModelRegistry.InputMode.Public,
            [uint16(16), 32, 4]
        );
    }

    function test_bench_mlp16x32x4_committed() public {
        _benchOther(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            IModelRegistry.Family.Mlp,
            IModelRegistry.InputMode.Committed,
            [uint16(16), 32, 4]
        );
    }

    function test_bench_recommender16x32_public() public {
        _benchOther(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            IModelRegistry.Family.Recommender,
            IModelRegistry.InputMode.Public,
            [uint16(16), 32, 3]
        );
    }

    function test_bench_recommender16x32_committed() public {
        _benchOther(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            IModelRegistry.Family.Recommender,
            IModelRegistry.InputMode.Committed,
            [uint16(16), 32, 3]
        );
    }

    /// @dev Another circuit: registered on the spot, measured like the classifier-16 Groth16 pair.
    function _benchOther(
        string memory circuit,
        string memory backend,
        address verifier,
        IModelRegistry.Family family,
        IModelRegistry.InputMode mode,
        uint16[3] memory shape
    ) private {
        ProofFixture memory loaded = _loadFixture(circuit, backend);
        uint256 modelId = _registerFixtureModel(
            loaded, _registerFixtureCircuit(loaded, verifier, family, mode, shape), FEE, modelOwner
        );
        bool committed = mode == IModelRegistry.InputMode.Committed;
        // the operator declares the new model's version, so that it is drawn for it (from the next second on)
        _declareVersion(OPERATOR, modelId, 1);
        vm.warp(block.timestamp + 1);
        // Reuse the base's storage slots for the fixture and the model so that _benchSingle serves any circuit.
        if (committed) {
            committedFixture = loaded;
            committedModel = modelId;
            // only commitments the data owner registered may be requested
            _registerInput(applicant, loaded.inputWords[0]);
            vm.prank(applicant);
            dataRegistry.grantAccess(address(consumer), modelId, uint64(block.timestamp + 30 days), 100);
        } else {
            publicFixture = loaded;
            publicModel = modelId;
        }
        string memory name =
            keccak256(bytes(backend)) == keccak256("plonk") ? string.concat(circuit, "-plonk") : circuit;
        _benchSingle(name, committed);
    }

    function test_bench_classifier16_committed_b1() public {
        _benchBatch("classifier16-committed", true, 1);
    }

    function test_bench_classifier16_committed_b4() public {
        _benchBatch("classifier16-committed", true, 4);
    }

    function test_bench_classifier16_committed_b16() public {
        _benchBatch("classifier16-committed", true, 16);
    }

    function test_bench_classifier16_public_b1() public {
        _benchBatch("classifier16-public", false, 1);
    }

    function test_bench_classifier16_public_b4() public {
        _benchBatch("classifier16-public", false, 4);
    }

    function test_bench_classifier16_public_b16() public {
        _benchBatch("classifier16-public", false, 16);
    }

    function _benchSingle(string memory name, bool committed) private {
        ProofFixture storage f = committed ? committedFixture : publicFixture;
        IInferenceCoordinator.RequestParams memory params = committed ? _committedParams() : _publicParams();
        _warmUp(params, f, committed);

        // With a callback (the consumer stores the outputs): the receipt, and the same minus the consumer's own
        // callback execution. Then a request that asks for no callback at all.
        bytes memory requestCall = abi.encodeCall(consumer.request, (params));
        (uint256 requestGas, uint256 id) = _measureRequest(requestCall);
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        uint256 callbackGas = _measureCallback(id, f.outputs);
        uint256 fulfilGas = _measureFulfil(_requestFromLogs(id), f);
        uint256 fulfilCalldataGas = _lastFulfilCalldataGas;

        params.callbackGasLimit = 0;
        (, uint256 id2) = _measureRequest(abi.encodeCall(consumer.request, (params)));
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        uint256 fulfilNoCallbackGas = _measureFulfil(_requestFromLogs(id2), f);

        _print(name, "request_gas", requestGas);
        _print(name, "fulfill_gas", fulfilGas);
        _print(name, "consumer_callback_gas", callbackGas);
        _print(name, "fulfill_gas_excl_callback", fulfilGas - callbackGas);
        _print(name, "fulfill_gas_no_callback", fulfilNoCallbackGas);
        _printFloor(name, f, fulfilGas - callbackGas, fulfilCalldataGas);
    }

    /// @dev The consumer's own execution of `onInferenceResult` for `requestId`, as the fulfilment will run it: on a
    /// snapshot of the state just before the fulfilment, called from the coordinator as its own transaction, minus
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

    /// @dev The fulfilment (minus the consumer's own callback) against the issue's Groth16 floor for its public
    /// signals: 206,000 + 6,700 per signal, the pairing check, the transaction base and the proof's calldata included.
    /// Only meaningful for Groth16 cases.
    function _printFloor(string memory name, ProofFixture storage f, uint256 fulfilGas, uint256 calldataGas) private {
        if (f.proofSystem != IModelRegistry.ProofSystem.Groth16) return;
        // outputs, the input words, the weights commitment and the binding
        uint256 signals = f.outputs.length + f.inputWords.length + 2;
        uint256 floor = GROTH16_FLOOR_BASE + GROTH16_FLOOR_PER_SIGNAL * signals;
        _print(name, "public_signals", signals);
        _print(name, "fulfill_calldata_gas", calldataGas);
        _print(name, "groth16_floor_gas", floor);
        _print(name, "fulfill_gas_above_floor", fulfilGas - floor);
    }

    /// @dev Calldata cost of a transaction's input under EIP-2028: 4 gas per zero byte, 16 per other byte.
    function _calldataGas(bytes memory data) private pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }

    function _benchBatch(string memory name, bool committed, uint256 size) private {
        ProofFixture storage f = committed ? committedFixture : publicFixture;
        IInferenceCoordinator.RequestParams memory params = committed ? _committedParams() : _publicParams();
        _warmUp(params, f, committed);
        IInferenceCoordinator.Fulfilment[] memory batch = new IInferenceCoordinator.Fulfilment[](size);
        uint256 first = coordinator.requestCount() + 1;
        for (uint256 i; i < size; ++i) {
            uint256 id = consumer.request(params);
            batch[i] = IInferenceCoordinator.Fulfilment(_requestFromLogs(id), f.outputs, f.proofs[id - 1]);
        }
        require(first + size - 1 <= f.proofs.length, "not enough fixture proofs");
        if (!committed) vm.warp(block.timestamp + 5 minutes);
        bytes memory data = abi.encodeCall(coordinator.fulfillBatch, (batch));
        vm.prank(OPERATOR);
        (bool ok,) = address(coordinator).call(data);
        require(ok, "batch failed");
        uint256 total = vm.lastCallGas().gasTotalUsed;
        _print(string.concat(name, "-b", vm.toString(size)), "batch_gas_per_inference", total / size);
    }

    /// @dev One fulfilment first, so that the ledger slots (operator, version, protocol) hold value as they do in
    /// steady operation: the figures are then those of every inference but a node's very first.
    function _warmUp(IInferenceCoordinator.RequestParams memory params, ProofFixture storage f, bool committed)
        private
    {
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

    function _measureFulfil(IInferenceCoordinator.Request memory request, ProofFixture storage f)
        private
        returns (uint256)
    {
        bytes memory data = abi.encodeCall(coordinator.fulfill, (request, f.outputs, f.proofs[request.requestId - 1]));
        _lastFulfilCalldataGas = _calldataGas(data);
        vm.prank(OPERATOR);
        (bool ok,) = address(coordinator).call(data);
        require(ok, "fulfil failed");
        return vm.lastCallGas().gasTotalUsed;
    }

    function _print(string memory name, string memory metric, uint256 value) private pure {
        console.log(string.concat("BENCH ", name, " ", metric, " ", vm.toString(value)));
    }
}
