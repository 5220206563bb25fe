// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VRFConsumerBaseV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/VRFConsumerBaseV2Plus.sol";
import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";
import {Test} from "forge-std/Test.sol";

import {EpochRandomness} from "../../../../contracts/oracle/EpochRandomness.sol";

/// @notice The epoch seed source: one VRF request per epoch, only for the coordinator, answered only by the VRF
/// coordinator, configured only by its owner.
contract EpochRandomnessTest is Test {
    address internal consumer = makeAddr("coordinator");
    address internal outsider = makeAddr("outsider");
    VRFCoordinatorV2_5Mock internal vrf;
    EpochRandomness internal randomness;

    function setUp() public {
        vrf = new VRFCoordinatorV2_5Mock(0.1 ether, 1e9, 4e15);
        uint256 subscriptionId = vrf.createSubscription();
        vrf.fundSubscription(subscriptionId, 1000 ether);
        randomness = new EpochRandomness(address(vrf), consumer, _config(subscriptionId));
        vrf.addConsumer(subscriptionId, address(randomness));
    }

    function test_requestSeed_oncePerRoundThenTheSeedArrives() public {
        vm.prank(consumer);
        assertTrue(randomness.requestSeed(7));
        vm.prank(consumer);
        assertFalse(randomness.requestSeed(7));
        assertEq(randomness.seedOf(7), 0);

        uint256[] memory words = new uint256[](1);
        words[0] = 42;
        vrf.fulfillRandomWordsWithOverride(randomness.vrfRequestOf(7), address(randomness), words);
        // Forced odd, so that a seed is never 0 ("unknown"); its arrival time is kept for the exclusive window.
        assertEq(randomness.seedOf(7), 43);
        (uint256 seed, uint64 arrivedAt) = randomness.seedInfo(7);
        assertEq(seed, 43);
        assertEq(arrivedAt, block.timestamp);
        (, uint64 unknownAt) = randomness.seedInfo(8);
        assertEq(unknownAt, 0);
        vm.prank(consumer);
        assertFalse(randomness.requestSeed(7));
    }

    function test_seed_isNeverZero() public {
        vm.prank(consumer);
        randomness.requestSeed(1);
        uint256[] memory words = new uint256[](1);
        vrf.fulfillRandomWordsWithOverride(randomness.vrfRequestOf(1), address(randomness), words);
        assertEq(randomness.seedOf(1), 1);
    }

    function test_seed_keepsTheLow192BitsOfTheWord() public {
        vm.prank(consumer);
        randomness.requestSeed(1);
        uint256[] memory words = new uint256[](1);
        words[0] = type(uint256).max - 1;
        vrf.fulfillRandomWordsWithOverride(randomness.vrfRequestOf(1), address(randomness), words);
        assertEq(randomness.seedOf(1), type(uint192).max);
    }

    function test_RevertWhen_outsiderRequestsASeed() public {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(EpochRandomness.RandomnessOnlyConsumer.selector, outsider));
        randomness.requestSeed(1);
        assertEq(randomness.vrfRequestOf(1), 0);
    }

    function test_RevertWhen_anyoneButTheVrfCoordinatorAnswers() public {
        vm.prank(consumer);
        randomness.requestSeed(1);
        uint256[] memory words = new uint256[](1);
        uint256 vrfRequestId = randomness.vrfRequestOf(1);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(VRFConsumerBaseV2Plus.OnlyCoordinatorCanFulfill.selector, outsider, address(vrf))
        );
        randomness.rawFulfillRandomWords(vrfRequestId, words);
        assertEq(randomness.seedOf(1), 0);
    }

    function test_RevertWhen_answerForAnUnknownRequest() public {
        uint256[] memory words = new uint256[](1);
        vm.prank(address(vrf));
        vm.expectRevert(abi.encodeWithSelector(EpochRandomness.RandomnessUnknownRequest.selector, 99));
        randomness.rawFulfillRandomWords(99, words);
    }

    function test_setVrfConfig_byOwnerOnly() public {
        EpochRandomness.VrfConfig memory config = _config(5);
        vm.prank(outsider);
        vm.expectRevert("Only callable by owner");
        randomness.setVrfConfig(config);

        randomness.setVrfConfig(config);
        assertEq(randomness.vrfConfig().subscriptionId, 5);
    }

    function test_RevertWhen_noConsumer() public {
        EpochRandomness.VrfConfig memory config = _config(1);
        vm.expectRevert(EpochRandomness.RandomnessZeroConsumer.selector);
        new EpochRandomness(address(vrf), address(0), config);
    }

    function _config(uint256 subscriptionId) private pure returns (EpochRandomness.VrfConfig memory) {
        return EpochRandomness.VrfConfig({
            keyHash: keccak256("key"),
            subscriptionId: subscriptionId,
            requestConfirmations: 3,
            callbackGasLimit: 200_000,
            nativePayment: false
        });
    }
}
