// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {Request, RequestParams} from "../../../contracts/types/InferenceTypes.sol";
import {Family, InputMode} from "../../../contracts/types/ModelTypes.sol";
import {Classifier16CommittedVerifier} from "../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {Classifier16PublicVerifier} from "../../../contracts/verifiers/Classifier16PublicVerifier.sol";
import {ProtocolFixture} from "./ProtocolFixture.sol";
import {RecordingConsumer} from "./consumers/TestConsumers.sol";

/// @notice The protocol with the classifier-16 circuits (committed and public inputs, real Groth16 verifiers), one
/// registered operator (the proofs' operator), an applicant whose node is that operator, and a consumer.
abstract contract CoordinatorTestBase is ProtocolFixture {
    uint96 internal constant FEE = 10 ether;
    uint256 internal constant OPERATOR_STAKE = 10_000 ether;

    address internal modelOwner = makeAddr("modelOwner");
    address internal applicant = makeAddr("applicant");
    address internal outsider = makeAddr("outsider");

    ProofFixture internal committedFixture;
    ProofFixture internal publicFixture;
    uint256 internal committedModel;
    uint256 internal publicModel;
    RecordingConsumer internal consumer;

    function setUp() public virtual {
        _deployProtocol();
        _registerOperator(OPERATOR, OPERATOR_STAKE);
        committedFixture = _loadFixture("classifier16-committed", "groth16");
        publicFixture = _loadFixture("classifier16-public", "groth16");
        uint32 committedCircuit = _registerFixtureCircuit(
            committedFixture, _committedVerifier(), Family.Classifier, InputMode.Committed, [uint16(16), 0, 0]
        );
        uint32 publicCircuit = _registerFixtureCircuit(
            publicFixture,
            address(new Classifier16PublicVerifier()),
            Family.Classifier,
            InputMode.Public,
            [uint16(16), 0, 0]
        );
        committedModel = _registerFixtureModel(committedFixture, committedCircuit, FEE, modelOwner);
        publicModel = _registerFixtureModel(publicFixture, publicCircuit, FEE, modelOwner);
        consumer = new RecordingConsumer(address(coordinator), address(token));
        _fund(address(consumer), 1000 ether);
        // The applicant's own node (the proofs' operator) serves requests on the applicant's data, which the
        // applicant committed to; the operator can prove both models.
        _setDataNode(applicant, OPERATOR);
        _registerInput(applicant, committedFixture.inputWords[0]);
        vm.prank(applicant);
        dataRegistry.grantAccess(address(consumer), committedModel, uint64(block.timestamp + 30 days), 100);
        _declareVersion(OPERATOR, committedModel, 1);
        _declareVersion(OPERATOR, publicModel, 1);
        // Requests see the operator set as it stood at the end of the previous second.
        vm.warp(block.timestamp + 1);
        vm.recordLogs();
    }

    /// @dev The committed circuit's verifier: the generated one, unless a test needs another.
    function _committedVerifier() internal virtual returns (address) {
        return address(new Classifier16CommittedVerifier());
    }

    function _committedParams() internal view returns (RequestParams memory) {
        return RequestParams({
            modelId: committedModel,
            version: 0,
            inputMode: InputMode.Committed,
            inputWords: committedFixture.inputWords,
            dataOwner: applicant,
            callbackGasLimit: 200_000,
            maxFee: FEE
        });
    }

    function _publicParams() internal view returns (RequestParams memory) {
        return RequestParams({
            modelId: publicModel,
            version: 0,
            inputMode: InputMode.Public,
            inputWords: publicFixture.inputWords,
            dataOwner: address(0),
            callbackGasLimit: 200_000,
            maxFee: FEE
        });
    }

    /// @dev The consumer requests; returns the request exactly as emitted.
    function _requestCommitted() internal returns (Request memory) {
        uint256 id = consumer.request(_committedParams());
        return _requestFromLogs(id);
    }

    function _requestPublic() internal returns (Request memory) {
        uint256 id = consumer.request(_publicParams());
        return _requestFromLogs(id);
    }

    /// @dev Serves the VRF request of the current round with `word`.
    function _fulfillSeed(uint256 word) internal {
        (uint64 round,,) = coordinator.currentRound();
        uint256 vrfRequestId = randomness.vrfRequestOf(round);
        uint256[] memory words = new uint256[](1);
        words[0] = word;
        vrf.fulfillRandomWordsWithOverride(vrfRequestId, address(randomness), words);
    }

    function _fulfill(Request memory request, ProofFixture storage f) internal {
        vm.prank(OPERATOR);
        coordinator.fulfill(request, f.outputs, f.proofs[request.requestId - 1]);
    }

    function _logsOf(bytes32 topic) internal returns (Vm.Log[] memory found) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 count;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == topic) ++count;
        }
        found = new Vm.Log[](count);
        count = 0;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == topic) found[count++] = logs[i];
        }
    }
}
