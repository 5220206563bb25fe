// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/shared/mocks/MockV3Aggregator.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {stdJson} from "forge-std/StdJson.sol";

import {CreditGate} from "../../../contracts/consumers/CreditGate.sol";
import {InferenceConsumer} from "../../../contracts/consumers/InferenceConsumer.sol";
import {MarketSignalVault} from "../../../contracts/consumers/MarketSignalVault.sol";
import {PriceFeatures} from "../../../contracts/consumers/PriceFeatures.sol";
import {RecommendationFeed} from "../../../contracts/consumers/RecommendationFeed.sol";
import {Request, RequestStatus} from "../../../contracts/types/InferenceTypes.sol";
import {Family, InputMode} from "../../../contracts/types/ModelTypes.sol";
import {Classifier16CommittedVerifier} from "../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";

/// @notice The three example consumers end to end, with real proofs: a credit gate on private data, a vault acting
/// on an MLP signal computed from a Chainlink price feed, and a recommendation feed.
contract ConsumersIntegrationTest is ProtocolFixture {
    using stdJson for string;

    uint96 internal constant FEE = 10 ether;
    address internal lender = makeAddr("lender");
    address internal applicant = makeAddr("applicant");
    address internal modelOwner = makeAddr("modelOwner");

    function setUp() public {
        _deployProtocol();
        _registerOperator(OPERATOR, 10_000 ether);
        vm.recordLogs();
    }

    function test_creditGate_decidesOnPrivateDataAndExplains() public {
        ProofFixture memory f = _loadFixture("classifier16-committed", "groth16");
        uint32 circuitId = _registerFixtureCircuit(
            f, address(new Classifier16CommittedVerifier()), Family.Classifier, InputMode.Committed, [uint16(16), 0, 0]
        );
        uint256 modelId = _registerFixtureModel(f, circuitId, FEE, modelOwner);
        CreditGate gate = new CreditGate(address(coordinator), address(token), modelId, 500 ether, lender);
        _fund(address(gate), 1000 ether);
        vm.prank(applicant);
        dataRegistry.grantAccess(address(gate), modelId, uint64(block.timestamp + 7 days), 1);
        _setDataNode(applicant, OPERATOR);
        _registerInput(applicant, f.inputWords[0]);
        _declareVersion(OPERATOR, modelId, 1);
        vm.warp(block.timestamp + 1);

        vm.prank(lender);
        uint256 requestId = gate.requestDecision(applicant, f.inputWords[0], FEE);
        assertEq(uint8(gate.applicationOf(applicant).status), uint8(CreditGate.Status.Pending));
        _fulfillFrom(requestId, f);

        CreditGate.Application memory application = gate.applicationOf(applicant);
        bool approved = _decoded(f, "decision") == 1;
        assertEq(uint8(application.status), uint8(approved ? CreditGate.Status.Approved : CreditGate.Status.Rejected));
        assertEq(application.score, _decoded(f, "score"));
        int256[16] memory contributions = gate.contributionsOf(applicant);
        for (uint256 i; i < 16; ++i) {
            assertEq(contributions[i], _decoded(f, string.concat("contribution[", vm.toString(i), "]")));
        }

        uint256 gateBalance = token.balanceOf(address(gate));
        vm.prank(applicant);
        if (approved) {
            gate.draw(200 ether);
            assertEq(token.balanceOf(applicant), 200 ether);
            assertEq(token.balanceOf(address(gate)), gateBalance - 200 ether);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(CreditGate.CreditNotApproved.selector, applicant, CreditGate.Status.Rejected)
            );
            gate.draw(1);
        }
        // The grant allowed exactly one decision.
        vm.prank(lender);
        vm.expectRevert();
        gate.requestDecision(applicant, f.inputWords[0], FEE);
    }

    function test_marketSignalVault_rebalancesOnTheMlpSignalFromThePriceFeed() public {
        ProofFixture memory f = _loadFixture("price-signal", "");
        uint32 circuitId = _registerFixtureCircuit(
            f, address(new Mlp16x32x4PublicVerifier()), Family.Mlp, InputMode.Public, [uint16(16), 32, 4]
        );
        uint256 modelId = _registerFixtureModel(f, circuitId, FEE, modelOwner);
        MockV3Aggregator feed = _feedFromFixture();
        MarketSignalVault vault_ =
            new MarketSignalVault(address(coordinator), address(token), address(feed), modelId, lender);
        _fund(address(vault_), 100 ether);

        // The words the vault computes on chain are exactly those the proof was made for.
        assertEq(vault_.currentFeatureWords(), f.inputWords);
        vm.prank(lender);
        uint256 requestId = vault_.requestSignal(FEE);
        _fulfillSeed(42);
        _fulfillFrom(requestId, f);

        uint8 class = uint8(uint256(_decoded(f, "argmax")));
        assertEq(vault_.lastClass(), class);
        assertEq(vault_.riskAllocationBps(), vault_.allocationByClass(class));
        for (uint256 k; k < 4; ++k) {
            assertEq(vault_.lastLogits(k), _decoded(f, string.concat("logit[", vm.toString(k), "]")));
        }
        assertEq(vault_.pendingRequest(), 0);
    }

    function test_recommendationFeed_storesTopThree() public {
        ProofFixture memory f = _loadFixture("recommender16x32-public", "groth16");
        uint32 circuitId = _registerFixtureCircuit(
            f, address(new Recommender16x32PublicVerifier()), Family.Recommender, InputMode.Public, [uint16(16), 32, 3]
        );
        uint256 modelId = _registerFixtureModel(f, circuitId, FEE, modelOwner);
        RecommendationFeed feed = new RecommendationFeed(address(coordinator), address(token), modelId, lender);
        _fund(address(feed), 100 ether);
        address user = makeAddr("user");

        vm.prank(lender);
        uint256 requestId = feed.requestRecommendations(user, InputMode.Public, f.inputWords, FEE);
        _fulfillSeed(42);
        _fulfillFrom(requestId, f);

        RecommendationFeed.Recommendations memory recommendations = feed.recommendationsOf(user);
        assertEq(recommendations.requestId, requestId);
        for (uint256 j; j < 3; ++j) {
            assertEq(
                recommendations.items[j], uint8(uint256(_decoded(f, string.concat("index[", vm.toString(j), "]"))))
            );
            assertEq(recommendations.scores[j], _decoded(f, string.concat("score[", vm.toString(j), "]")));
        }
        // Best first.
        assertGe(recommendations.scores[0], recommendations.scores[1]);
        assertGe(recommendations.scores[1], recommendations.scores[2]);
    }

    function test_RevertWhen_outsiderUsesAConsumersPrivilegedEntryPoints() public {
        CreditGate gate = new CreditGate(address(coordinator), address(token), 1, 500 ether, lender);
        MarketSignalVault vault_ =
            new MarketSignalVault(address(coordinator), address(token), address(_feedFromFixture()), 1, lender);
        RecommendationFeed feed = new RecommendationFeed(address(coordinator), address(token), 1, lender);
        bytes memory denied = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, applicant);
        vm.startPrank(applicant);
        vm.expectRevert(denied);
        gate.requestDecision(applicant, 1, FEE);
        vm.expectRevert(denied);
        gate.clearExpired(applicant);
        vm.expectRevert(denied);
        vault_.requestSignal(FEE);
        vm.expectRevert(denied);
        feed.requestRecommendations(applicant, InputMode.Public, new uint256[](1), FEE);
        vm.expectRevert(abi.encodeWithSelector(InferenceConsumer.ConsumerOnlyCoordinator.selector, applicant));
        gate.onInferenceResult(1, new uint256[](4));
        vm.stopPrank();
    }

    function test_creditGate_refusesASecondPendingRequestAndOverdraws() public {
        ProofFixture memory f = _loadFixture("classifier16-committed", "groth16");
        uint32 circuitId = _registerFixtureCircuit(
            f, address(new Classifier16CommittedVerifier()), Family.Classifier, InputMode.Committed, [uint16(16), 0, 0]
        );
        uint256 modelId = _registerFixtureModel(f, circuitId, FEE, modelOwner);
        CreditGate gate = new CreditGate(address(coordinator), address(token), modelId, 500 ether, lender);
        _fund(address(gate), 1000 ether);
        vm.prank(applicant);
        dataRegistry.grantAccess(address(gate), modelId, uint64(block.timestamp + 7 days), 3);
        _setDataNode(applicant, OPERATOR);
        _registerInput(applicant, f.inputWords[0]);
        _declareVersion(OPERATOR, modelId, 1);
        vm.warp(block.timestamp + 1);

        vm.startPrank(lender);
        uint256 requestId = gate.requestDecision(applicant, f.inputWords[0], FEE);
        vm.expectRevert(abi.encodeWithSelector(CreditGate.CreditAlreadyPending.selector, applicant, requestId));
        gate.requestDecision(applicant, f.inputWords[0], FEE);
        vm.stopPrank();

        // Unanswered past its deadline: refunded, and the lender may ask again.
        vm.warp(block.timestamp + 1 hours + 1);
        coordinator.cancelExpired(_reqs(requestId));
        // The escrow comes back, nothing more: the slashed stake goes to the treasury.
        assertEq(token.balanceOf(address(gate)), 1000 ether);
        vm.startPrank(lender);
        gate.clearExpired(applicant);
        uint256 again = gate.requestDecision(applicant, f.inputWords[0], FEE);
        vm.stopPrank();
        _fulfillFrom(again, f);

        CreditGate.Application memory application = gate.applicationOf(applicant);
        vm.startPrank(applicant);
        if (application.status == CreditGate.Status.Approved) {
            gate.draw(500 ether);
            vm.expectRevert(abi.encodeWithSelector(CreditGate.CreditLineExceeded.selector, applicant, 1, 0));
            gate.draw(1);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(CreditGate.CreditNotApproved.selector, applicant, CreditGate.Status.Rejected)
            );
            gate.draw(1);
        }
        vm.stopPrank();
    }

    function test_RevertWhen_priceFeedHistoryIsShortOrBad() public {
        MockV3Aggregator feed = new MockV3Aggregator(8, 100e8);
        MarketSignalVault vault_ = new MarketSignalVault(address(coordinator), address(token), address(feed), 1, lender);
        vm.expectRevert(abi.encodeWithSelector(PriceFeatures.PriceFeaturesShortHistory.selector, uint80(1)));
        vault_.currentFeatureWords();
        for (uint256 i; i < 32; ++i) {
            feed.updateAnswer(i == 20 ? int256(0) : int256(100e8 + i));
        }
        vm.expectRevert(abi.encodeWithSelector(PriceFeatures.PriceFeaturesBadPrice.selector, uint80(22), int256(0)));
        vault_.currentFeatureWords();
    }

    /* -------------------------------- helpers ------------------------------- */

    function _fulfillFrom(uint256 requestId, ProofFixture memory f) private {
        Request memory request = _requestFromLogs(requestId);
        vm.prank(OPERATOR);
        coordinator.fulfill(request, f.outputs, f.proofs[requestId - 1]);
        assertEq(uint8(coordinator.decisionOf(requestId).status), uint8(RequestStatus.Fulfilled));
    }

    function _fulfillSeed(uint256 word) private {
        (uint64 round,,) = coordinator.currentRound();
        uint256 vrfRequestId = randomness.vrfRequestOf(round);
        uint256[] memory words = new uint256[](1);
        words[0] = word;
        vrf.fulfillRandomWordsWithOverride(vrfRequestId, address(randomness), words);
    }

    /// @dev A Chainlink mock feed replaying the fixture's 33-round price history (oldest first).
    function _feedFromFixture() private returns (MockV3Aggregator feed) {
        string memory json = vm.readFile("test/fixtures/coordinator/price-signal.json");
        string[] memory prices = json.readStringArray(".prices");
        feed = new MockV3Aggregator(8, vm.parseInt(prices[0]));
        for (uint256 i = 1; i < prices.length; ++i) {
            feed.updateAnswer(vm.parseInt(prices[i]));
        }
    }
}
