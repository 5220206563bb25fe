// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../../../contracts/interfaces/IInferenceCoordinator.sol";
import {Request, RequestParams, RequestStatus} from "../../../contracts/types/InferenceTypes.sol";
import {Family, InputMode} from "../../../contracts/types/ModelTypes.sol";
import {Classifier16CommittedPlonkVerifier} from "../../../contracts/verifiers/Classifier16CommittedPlonkVerifier.sol";
import {Classifier16PublicPlonkVerifier} from "../../../contracts/verifiers/Classifier16PublicPlonkVerifier.sol";
import {Mlp16x32x4CommittedVerifier} from "../../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32CommittedVerifier} from "../../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {RecordingConsumer} from "../utils/consumers/TestConsumers.sol";

/// @notice One request and one real-proof fulfillment per model family, input mode and proof system the protocol
/// ships (the classifier-16 Groth16 pair is covered by the unit suites).
contract InferenceFamiliesTest is ProtocolFixture {
    uint96 internal constant FEE = 3 ether;
    address internal dataOwner = makeAddr("dataOwner");
    RecordingConsumer internal consumer;

    function setUp() public {
        _deployProtocol();
        _registerOperator(OPERATOR, 10_000 ether);
        consumer = new RecordingConsumer(address(coordinator), address(token));
        _fund(address(consumer), 100 ether);
        _setDataNode(dataOwner, OPERATOR);
        vm.recordLogs();
    }

    function test_mlp_publicInputs() public {
        _roundTrip(
            "mlp16x32x4-public",
            "groth16",
            address(new Mlp16x32x4PublicVerifier()),
            Family.Mlp,
            InputMode.Public,
            [uint16(16), 32, 4]
        );
    }

    function test_mlp_committedInputs() public {
        _roundTrip(
            "mlp16x32x4-committed",
            "groth16",
            address(new Mlp16x32x4CommittedVerifier()),
            Family.Mlp,
            InputMode.Committed,
            [uint16(16), 32, 4]
        );
    }

    function test_recommender_publicInputs() public {
        _roundTrip(
            "recommender16x32-public",
            "groth16",
            address(new Recommender16x32PublicVerifier()),
            Family.Recommender,
            InputMode.Public,
            [uint16(16), 32, 3]
        );
    }

    function test_recommender_committedInputs() public {
        _roundTrip(
            "recommender16x32-committed",
            "groth16",
            address(new Recommender16x32CommittedVerifier()),
            Family.Recommender,
            InputMode.Committed,
            [uint16(16), 32, 3]
        );
    }

    function test_classifier_plonk_publicInputs() public {
        _roundTrip(
            "classifier16-public",
            "plonk",
            address(new Classifier16PublicPlonkVerifier()),
            Family.Classifier,
            InputMode.Public,
            [uint16(16), 0, 0]
        );
    }

    function test_classifier_plonk_committedInputs() public {
        _roundTrip(
            "classifier16-committed",
            "plonk",
            address(new Classifier16CommittedPlonkVerifier()),
            Family.Classifier,
            InputMode.Committed,
            [uint16(16), 0, 0]
        );
    }

    function _roundTrip(
        string memory circuit,
        string memory backend,
        address verifier,
        Family family,
        InputMode mode,
        uint16[3] memory shape
    ) private {
        ProofFixture memory f = _loadFixture(circuit, backend);
        uint256 modelId =
            _registerFixtureModel(f, _registerFixtureCircuit(f, verifier, family, mode, shape), FEE, makeAddr("owner"));
        bool committed = mode == InputMode.Committed;
        if (committed) {
            vm.prank(dataOwner);
            dataRegistry.grantAccess(address(consumer), modelId, uint64(block.timestamp + 1 days), 5);
            _registerInput(dataOwner, f.inputWords[0]);
        }
        _declareVersion(OPERATOR, modelId, 1);
        vm.warp(block.timestamp + 1);
        uint256 requestId = consumer.request(
            RequestParams({
                modelId: modelId,
                version: 0,
                inputMode: mode,
                inputWords: f.inputWords,
                dataOwner: committed ? dataOwner : address(0),
                callbackGasLimit: 300_000,
                maxFee: FEE
            })
        );
        Request memory request = _requestFromLogs(requestId);
        // Public requests go to the VRF-assigned operator: answer the round's seed.
        if (!committed) {
            uint256[] memory words = new uint256[](1);
            words[0] = 1234;
            vrf.fulfillRandomWordsWithOverride(randomness.vrfRequestOf(request.round), address(randomness), words);
        }

        // A tampered output is refused, the true one accepted.
        uint256[] memory tampered = f.outputs;
        tampered[f.outputs.length - 1] ^= 1;
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, requestId));
        coordinator.fulfill(request, tampered, f.proofs[requestId - 1]);
        tampered[f.outputs.length - 1] ^= 1;

        vm.prank(OPERATOR);
        coordinator.fulfill(request, f.outputs, f.proofs[requestId - 1]);
        assertEq(uint8(coordinator.decisionOf(requestId).status), uint8(RequestStatus.Fulfilled));
        assertEq(consumer.lastOutputs(), f.outputs);
    }
}
