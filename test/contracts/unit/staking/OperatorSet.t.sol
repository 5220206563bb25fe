// SPDX-License-Identifier: MIT
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Vm} from "forge-std/Vm.sol";

import {IOperatorRegistry} from "../../../../contracts/interfaces/IOperatorRegistry.sol";
import {OperatorInfo} from "../../../../contracts/types/OperatorTypes.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

contract OperatorSetTest is StakingFixture {
    string internal constant ENDPOINT = "https://operator.example/v1";

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal receiver = makeAddr("receiver");

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
    }

    /* ------------------------------------------------------------------ */
    /*                               REGISTER                             */
    /* ------------------------------------------------------------------ */

    function test_registerOperator_recordsInfoAndWeight() public {
        _fundAndStake(alice, 1500 ether);
        bytes memory key = _publicKey(1);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorRegistered(alice, ENDPOINT, key);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorWeightUpdated(alice, 1500 ether);
        vm.prank(alice);
        vault.registerOperator(ENDPOINT, key);

        OperatorInfo memory info = vault.operatorInfo(alice);
        assertTrue(info.registered);
        assertEq(info.slot, 1);
        assertEq(info.registeredAt, block.timestamp);
        assertEq(info.endpoint, ENDPOINT);
        assertEq(info.publicKey, key);
        assertTrue(vault.isEligibleOperator(alice));
        assertEq(vault.operatorWeight(alice), 1500 ether);
        assertEq(vault.totalOperatorWeight(), 1500 ether);
    }

    function test_registerOperator_acceptsExactMinimumStakeAndBoundaryData() public {
        _fundAndStake(alice, MIN_OPERATOR_STAKE);
        bytes memory uncompressed = abi.encodePacked(bytes1(0x04), keccak256("x"), keccak256("y"));
        assertEq(uncompressed.length, 65);
        vm.prank(alice);
        vault.registerOperator(_repeat("a", 256), uncompressed);
        assertEq(vault.operatorWeight(alice), MIN_OPERATOR_STAKE);

        _fundAndStake(bob, MIN_OPERATOR_STAKE);
        vm.prank(bob);
        vault.registerOperator("x", _publicKey(2));
        assertEq(vault.operatorInfo(bob).slot, 2);
    }

    function test_RevertWhen_registeringTwice() public {
        _stakeAndRegister(alice, 2000 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorAlreadyRegistered.selector, alice));
        vault.registerOperator("https://other.example", _publicKey(9));
        assertEq(_stateOf(alice), before);
        assertEq(vault.operatorInfo(alice).endpoint, "https://operator.example/v1");
    }

    function test_RevertWhen_registeringBelowMinimumStake() public {
        _fundAndStake(alice, MIN_OPERATOR_STAKE - 1);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOperatorRegistry.OperatorInsufficientStake.selector, alice, MIN_OPERATOR_STAKE - 1, MIN_OPERATOR_STAKE
            )
        );
        vault.registerOperator(ENDPOINT, _publicKey(1));
        assertEq(_stateOf(alice), before);
        assertFalse(vault.operatorInfo(alice).registered);
    }

    /// @dev Stake in cooldown bonds nothing: only active stake counts towards the minimum.
    function test_RevertWhen_registeringWithStakeInCooldown() public {
        _fundAndStake(alice, 2 * MIN_OPERATOR_STAKE);
        _unstake(alice, 2 * MIN_OPERATOR_STAKE - 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IOperatorRegistry.OperatorInsufficientStake.selector, alice, 1, MIN_OPERATOR_STAKE)
        );
        vault.registerOperator(ENDPOINT, _publicKey(1));
    }

    function test_RevertWhen_registeringWithEmptyEndpoint() public {
        _fundAndStake(alice, MIN_OPERATOR_STAKE);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorInvalidEndpoint.selector, 0, 256));
        vault.registerOperator("", _publicKey(1));
        assertFalse(vault.operatorInfo(alice).registered);
    }

    function test_RevertWhen_registeringWithTooLongEndpoint() public {
        _fundAndStake(alice, MIN_OPERATOR_STAKE);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorInvalidEndpoint.selector, 257, 256));
        vault.registerOperator(_repeat("a", 257), _publicKey(1));
        assertFalse(vault.operatorInfo(alice).registered);
    }

    function testFuzz_RevertWhen_registeringWithPublicKeyOfWrongLength(uint256 length) public {
        length = bound(length, 0, 130);
        if (length == 33 || length == 65) length += 1;
        _fundAndStake(alice, MIN_OPERATOR_STAKE);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorInvalidPublicKey.selector, length));
        vault.registerOperator(ENDPOINT, new bytes(length));
        assertEq(vault.totalOperatorWeight(), 0);
    }

    /* ------------------------------------------------------------------ */
    /*                                UPDATE                              */
    /* ------------------------------------------------------------------ */

    function test_updateOperator_replacesEndpointAndKey() public {
        _stakeAndRegister(alice, 2000 ether);
        uint64 registeredAt = vault.operatorInfo(alice).registeredAt;
        bytes memory key = _publicKey(77);
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorUpdated(alice, "ipfs://new", key);
        vm.prank(alice);
        vault.updateOperator("ipfs://new", key);

        OperatorInfo memory info = vault.operatorInfo(alice);
        assertEq(info.endpoint, "ipfs://new");
        assertEq(info.publicKey, key);
        assertEq(info.registeredAt, registeredAt, "an update is not a new registration");
        assertEq(info.slot, 1);
        assertEq(vault.operatorWeight(alice), 2000 ether);
    }

    function test_RevertWhen_updatingUnregisteredOperator() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorNotRegistered.selector, alice));
        vault.updateOperator(ENDPOINT, _publicKey(1));
    }

    function test_RevertWhen_updatingWithInvalidData() public {
        _stakeAndRegister(alice, 2000 ether);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorInvalidEndpoint.selector, 0, 256));
        vault.updateOperator("", _publicKey(1));
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorInvalidPublicKey.selector, 64));
        vault.updateOperator(ENDPOINT, new bytes(64));
        vm.stopPrank();
        assertEq(vault.operatorInfo(alice).publicKey, _publicKey(uint160(alice)));
    }

    /* ------------------------------------------------------------------ */
    /*                               DEREGISTER                           */
    /* ------------------------------------------------------------------ */

    function test_deregisterOperator_removesWeightAndKeepsStake() public {
        _stakeAndRegister(alice, 2000 ether);
        _stakeAndRegister(bob, 3000 ether);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorDeregistered(alice);
        vm.prank(alice);
        vault.deregisterOperator();

        assertFalse(vault.operatorInfo(alice).registered);
        assertFalse(vault.isEligibleOperator(alice));
        assertEq(vault.operatorWeight(alice), 0);
        assertEq(vault.totalOperatorWeight(), 3000 ether);
        assertEq(vault.activeStakeOf(alice), 2000 ether);
        assertEq(vault.getVotes(alice), 2000 ether);
        // Every draw now lands on bob.
        assertEq(vault.pickOperator(0), bob);
        assertEq(vault.pickOperator(1999 ether), bob);
    }

    function test_deregisterOperator_freesSlotForReuse() public {
        _stakeAndRegister(alice, 2000 ether);
        _stakeAndRegister(bob, 3000 ether);
        vm.prank(alice);
        vault.deregisterOperator();

        _stakeAndRegister(carol, 4000 ether);
        assertEq(vault.operatorInfo(carol).slot, 1, "carol takes alice's freed slot");
        (address[] memory accounts, uint256[] memory weights) = vault.operators();
        assertEq(accounts.length, 2, "no slot appended");
        assertEq(accounts[0], carol);
        assertEq(weights[0], 4000 ether);

        // Alice may come back; with no free slot left she gets a new one.
        _register(alice);
        assertEq(vault.operatorInfo(alice).slot, 3);
        assertEq(vault.totalOperatorWeight(), 9000 ether);
    }

    function test_RevertWhen_deregisteringUnregisteredOperator() public {
        _stakeAndRegister(alice, 2000 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorNotRegistered.selector, bob));
        vault.deregisterOperator();

        vm.startPrank(alice);
        vault.deregisterOperator();
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorNotRegistered.selector, alice));
        vault.deregisterOperator();
        vm.stopPrank();
    }

    /* ------------------------------------------------------------------ */
    /*                      WEIGHT FOLLOWS ACTIVE STAKE                   */
    /* ------------------------------------------------------------------ */

    function test_weight_followsStakeAndUnstake() public {
        _stakeAndRegister(alice, 2000 ether);

        _fund(alice, 500 ether);
        vm.startPrank(alice);
        token.approve(address(vault), 500 ether);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorWeightUpdated(alice, 2500 ether);
        vault.stake(500 ether);
        vm.stopPrank();
        assertEq(vault.operatorWeight(alice), 2500 ether);

        _unstake(alice, 1000 ether);
        assertEq(vault.operatorWeight(alice), 1500 ether);
        assertTrue(vault.isEligibleOperator(alice));

        // Below the minimum the operator keeps its registration but cannot be picked.
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorWeightUpdated(alice, 0);
        _unstake(alice, 501 ether);
        assertEq(vault.operatorWeight(alice), 0);
        assertFalse(vault.isEligibleOperator(alice));
        assertTrue(vault.operatorInfo(alice).registered);
        assertEq(vault.totalOperatorWeight(), 0);

        // Topping up restores eligibility without registering again.
        _fundAndStake(alice, 1 ether);
        assertEq(vault.operatorWeight(alice), MIN_OPERATOR_STAKE);
        assertTrue(vault.isEligibleOperator(alice));
    }

    function test_weight_followsStakeFor() public {
        _stakeAndRegister(alice, 2000 ether);
        _fund(bob, 700 ether);
        vm.startPrank(bob);
        token.approve(address(vault), 700 ether);
        vault.stakeFor(alice, 700 ether);
        vm.stopPrank();
        assertEq(vault.operatorWeight(alice), 2700 ether);
    }

    function test_weight_followsSlash() public {
        _stakeAndRegister(alice, 2000 ether);
        _stakeAndRegister(bob, 3000 ether);
        _slash(alice, 500 ether, receiver);
        assertEq(vault.operatorWeight(alice), 1500 ether);
        assertEq(vault.totalOperatorWeight(), 4500 ether);

        _slash(alice, 600 ether, receiver);
        assertEq(vault.operatorWeight(alice), 0);
        assertFalse(vault.isEligibleOperator(alice));
        assertEq(vault.totalOperatorWeight(), 3000 ether);
    }

    /* ------------------------------------------------------------------ */
    /*                          MINIMUM OPERATOR STAKE                    */
    /* ------------------------------------------------------------------ */

    function test_setMinOperatorStake_refreshesEveryOperatorsWeight() public {
        _stakeAndRegister(alice, 1000 ether);
        _stakeAndRegister(bob, 2000 ether);
        _stakeAndRegister(carol, 3000 ether);

        vm.expectEmit(address(vault));
        emit IOperatorRegistry.MinOperatorStakeUpdated(MIN_OPERATOR_STAKE, 2500 ether);
        vm.prank(address(timelock));
        vault.setMinOperatorStake(2500 ether);
        assertEq(vault.minOperatorStake(), 2500 ether);
        assertEq(vault.operatorWeight(alice), 0);
        assertEq(vault.operatorWeight(bob), 0);
        assertEq(vault.operatorWeight(carol), 3000 ether);
        assertEq(vault.totalOperatorWeight(), 3000 ether);
        assertFalse(vault.isEligibleOperator(bob));

        // Lowering it leaves them dormant: an operator out of the draw comes back by its own act, so that nobody is
        // drawn for work it may have stopped doing (a stranger's sync does nothing).
        vm.prank(address(timelock));
        vault.setMinOperatorStake(1 ether);
        assertEq(vault.operatorWeight(alice), 0);
        assertTrue(vault.isEligibleOperator(alice), "eligible to serve open requests, not drawn");
        vm.prank(bob);
        vault.syncOperator(alice);
        assertEq(vault.operatorWeight(alice), 0);
        vm.prank(alice);
        vault.syncOperator(alice);
        vm.prank(bob);
        vault.syncOperator(bob);
        assertEq(vault.operatorWeight(alice), 1000 ether);
        assertEq(vault.operatorWeight(bob), 2000 ether);
        assertEq(vault.totalOperatorWeight(), 6000 ether);
    }

    function test_setMinOperatorStake_skipsFreedSlots() public {
        _stakeAndRegister(alice, 1000 ether);
        _stakeAndRegister(bob, 2000 ether);
        vm.prank(alice);
        vault.deregisterOperator();
        vm.prank(address(timelock));
        vault.setMinOperatorStake(500 ether);
        assertEq(vault.operatorWeight(alice), 0);
        assertEq(vault.totalOperatorWeight(), 2000 ether);
    }

    function test_RevertWhen_settingZeroMinOperatorStake() public {
        vm.prank(address(timelock));
        vm.expectRevert(IOperatorRegistry.OperatorMinStakeZero.selector);
        vault.setMinOperatorStake(0);
        assertEq(vault.minOperatorStake(), MIN_OPERATOR_STAKE);
    }

    function test_RevertWhen_outsiderSetsMinOperatorStake() public {
        _stakeAndRegister(alice, 1000 ether);
        bytes32 adminRole = vault.DEFAULT_ADMIN_ROLE();
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.setMinOperatorStake(5000 ether);
        assertEq(vault.operatorWeight(alice), 1000 ether);
    }

    /* ------------------------------------------------------------------ */
    /*                                  SYNC                              */
    /* ------------------------------------------------------------------ */

    /// @dev Every stake change already syncs the weight, so an outside sync finds nothing to do and says nothing.
    function test_syncOperator_byAnyoneIsANoOpWhenInSync() public {
        _stakeAndRegister(alice, 2000 ether);
        _unstake(alice, 500 ether);
        vm.recordLogs();
        vm.prank(outsider);
        vault.syncOperator(alice);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 0);
        assertEq(vault.operatorWeight(alice), 1500 ether);
    }

    function test_RevertWhen_syncingUnregisteredOperator() public {
        _fundAndStake(alice, 2000 ether);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorNotRegistered.selector, alice));
        vault.syncOperator(alice);
    }

    /* ------------------------------------------------------------------ */
    /*                           LISTING AND CAPACITY                     */
    /* ------------------------------------------------------------------ */

    function test_operators_listsSlotsInOrderWithWeights() public {
        (address[] memory accounts, uint256[] memory weights) = vault.operators();
        assertEq(accounts.length, 0);

        _stakeAndRegister(alice, 1000 ether);
        _stakeAndRegister(bob, 2000 ether);
        _stakeAndRegister(carol, 3000 ether);
        vm.prank(bob);
        vault.deregisterOperator();
        _unstake(carol, 2500 ether); // carol stays registered, ineligible

        (accounts, weights) = vault.operators();
        assertEq(accounts.length, 3);
        assertEq(accounts[0], alice);
        assertEq(weights[0], 1000 ether);
        assertEq(accounts[1], address(0), "departed operator's slot");
        assertEq(weights[1], 0);
        assertEq(accounts[2], carol);
        assertEq(weights[2], 0);
    }

    function test_RevertWhen_operatorSetIsFull() public {
        uint256 max = vault.MAX_OPERATORS();
        for (uint256 i; i < max; ++i) {
            _stakeAndRegister(address(uint160(0x10000 + i)), MIN_OPERATOR_STAKE);
        }
        (address[] memory accounts,) = vault.operators();
        assertEq(accounts.length, max);
        assertEq(vault.totalOperatorWeight(), max * MIN_OPERATOR_STAKE);

        _fundAndStake(alice, MIN_OPERATOR_STAKE);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorCapacityReached.selector, max));
        vault.registerOperator(ENDPOINT, _publicKey(1));

        // A departure frees a slot, and the full set accepts a newcomer again.
        address leaving = address(uint160(0x10000 + 100));
        vm.prank(leaving);
        vault.deregisterOperator();
        _register(alice);
        assertEq(vault.operatorInfo(alice).slot, 101);
        (accounts,) = vault.operators();
        assertEq(accounts.length, max);
    }

    /* ------------------------------------------------------------------ */
    /*                               SELECTION                            */
    /* ------------------------------------------------------------------ */

    function test_RevertWhen_pickingWithNoOperator() public {
        vm.expectRevert(IOperatorRegistry.OperatorNoneEligible.selector);
        vault.pickOperator(42);
    }

    function test_RevertWhen_pickingWithNoEligibleOperator() public {
        _stakeAndRegister(alice, 1000 ether);
        _stakeAndRegister(bob, 1000 ether);
        _unstake(alice, 1);
        _slash(bob, 1, receiver);
        assertTrue(vault.operatorInfo(alice).registered);
        vm.expectRevert(IOperatorRegistry.OperatorNoneEligible.selector);
        vault.pickOperator(42);
    }

    /// @dev Weights 1000 | 2000 (ineligible) | 3000 lay out ranges [0, 1000) for alice and [1000, 4000) for carol.
    function test_pickOperator_mapsRandomnessOntoStakeRanges() public {
        _stakeAndRegister(alice, 1000 ether);
        _stakeAndRegister(bob, 2000 ether);
        _stakeAndRegister(carol, 3000 ether);
        vm.prank(address(timelock));
        vault.setMinOperatorStake(1000 ether);
        _unstake(bob, 1001 ether);

        uint256 total = vault.totalOperatorWeight();
        assertEq(total, 4000 ether);
        assertEq(vault.pickOperator(0), alice);
        assertEq(vault.pickOperator(1000 ether - 1), alice);
        assertEq(vault.pickOperator(1000 ether), carol);
        assertEq(vault.pickOperator(total - 1), carol);
        // Randomness is reduced modulo the total.
        assertEq(vault.pickOperator(total), alice);
        assertEq(vault.pickOperator(total + 1000 ether), carol);
        assertEq(vault.pickOperator(type(uint256).max), vault.pickOperator(type(uint256).max % total));
    }

    function testFuzz_pickOperator_returnsAnEligibleOperator(uint256 randomness, uint256 a, uint256 b, uint256 c)
        public
    {
        _stakeAndRegister(alice, bound(a, MIN_OPERATOR_STAKE, 30_000_000 ether));
        _stakeAndRegister(bob, bound(b, MIN_OPERATOR_STAKE, 30_000_000 ether));
        _stakeAndRegister(carol, bound(c, MIN_OPERATOR_STAKE, 30_000_000 ether));
        // Bob drops out: he must never be picked.
        _unstake(bob, vault.activeStakeOf(bob) - MIN_OPERATOR_STAKE + 1);
        address picked = vault.pickOperator(randomness);
        assertTrue(picked == alice || picked == carol);
        assertTrue(vault.isEligibleOperator(picked));
    }

    /// @dev Selection frequencies match stake weights. Four operators with weights 1:2:3:4 (p = 0.1 .. 0.4) and
    /// N = 20,000 draws from a fixed seed: each count is Binomial(N, p), with standard deviation sqrt(N p (1 - p)),
    /// i.e. 42.4 / 56.6 / 64.8 / 69.3 draws. Each count must lie within 4 standard deviations of N p: for a
    /// correct sampler that fails with probability about 6e-5 per operator, while a sampler that is off by even one
    /// percentage point on an operator (200 draws) is caught. The seed is fixed, so the test is deterministic.
    function test_pickOperator_frequenciesMatchStakeWeights() public {
        address[4] memory ops = [alice, bob, carol, makeAddr("dave")];
        uint256[4] memory stakes = [uint256(1000 ether), 2000 ether, 3000 ether, 4000 ether];
        for (uint256 i; i < 4; ++i) {
            _stakeAndRegister(ops[i], stakes[i]);
        }
        uint256 draws = 20_000;
        uint256[4] memory counts;
        for (uint256 n; n < draws; ++n) {
            address picked = vault.pickOperator(uint256(keccak256(abi.encode("symbiote.pick", n))));
            for (uint256 i; i < 4; ++i) {
                if (picked == ops[i]) {
                    ++counts[i];
                    break;
                }
            }
        }
        uint256 total = counts[0] + counts[1] + counts[2] + counts[3];
        assertEq(total, draws, "every draw picks a registered operator");
        for (uint256 i; i < 4; ++i) {
            // Expected N p and the variance N p (1 - p), with p = stake / 10,000 ether, in whole draws.
            uint256 expected = draws * stakes[i] / 10_000 ether;
            uint256 variance = expected * (10_000 ether - stakes[i]) / 10_000 ether;
            uint256 tolerance = 4 * _sqrt(variance) + 1;
            assertApproxEqAbs(counts[i], expected, tolerance, "pick frequency");
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                 HELPERS                            */
    /* ------------------------------------------------------------------ */

    function _repeat(bytes1 char, uint256 length) internal pure returns (string memory) {
        bytes memory out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = char;
        }
        return string(out);
    }

    function _sqrt(uint256 x) internal pure returns (uint256 y) {
        y = x;
        uint256 z = (x + 1) / 2;
        while (z < y) {
            y = z;
            z = (x / z + z) / 2;
        }
    }
}

/// @notice Declarations, eviction, replacement and draws over the set as it stood at a past second.
contract OperatorSetHistoryTest is StakingFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
    }

    function test_declareServedVersions_recordsAndWithdrawsForLaterTimes() public {
        uint256[] memory models = new uint256[](2);
        uint32[] memory versions = new uint32[](2);
        (models[0], versions[0]) = (7, 1);
        (models[1], versions[1]) = (7, 2);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.ServedVersionDeclared(alice, 7, 1, true);
        vm.prank(alice);
        vault.declareServedVersions(models, versions, true);
        uint48 declaredAt = uint48(block.timestamp);
        assertTrue(vault.servesVersion(alice, 7, 2));
        assertFalse(vault.servedVersionAt(alice, 7, 1, declaredAt - 1));
        vm.warp(block.timestamp + 10);
        vm.prank(alice);
        vault.declareServedVersions(models, versions, false);
        assertFalse(vault.servesVersion(alice, 7, 1));
        assertTrue(vault.servedVersionAt(alice, 7, 1, declaredAt + 5), "the past is unchanged");
    }

    function test_RevertWhen_declarationListsDiffer() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorDeclarationLengthMismatch.selector, 1, 0));
        vault.declareServedVersions(new uint256[](1), new uint32[](0), true);
    }

    function test_assignedOperatorAt_usesTheSetAsItStood() public {
        _stakeAndRegister(alice, 1000 ether);
        _declare(alice);
        uint48 asOf = uint48(block.timestamp);
        vm.warp(block.timestamp + 1);
        _stakeAndRegister(bob, 1_000_000 ether);
        _declare(bob);
        vm.prank(alice);
        vault.deregisterOperator();
        for (uint256 id = 1; id <= 20; ++id) {
            assertEq(vault.assignedOperatorAt(42, id, 7, 1, asOf), alice);
        }
        assertEq(vault.assignedOperatorAt(42, 1, 7, 1, asOf - 1), address(0), "nobody before anyone registered");
    }

    function test_evictOperator_freesTheSlotOfAnOperatorBelowTheMinimum() public {
        _stakeAndRegister(alice, 1000 ether);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IOperatorRegistry.OperatorNotEvictable.selector, alice, 1000 ether, 1000 ether)
        );
        vault.evictOperator(alice);
        _unstake(alice, 1);
        vm.expectEmit(address(vault));
        emit IOperatorRegistry.OperatorEvicted(alice, outsider, 1000 ether - 1);
        vm.prank(outsider);
        vault.evictOperator(alice);
        assertFalse(vault.operatorInfo(alice).registered);
        assertEq(vault.activeStakeOf(alice), 1000 ether - 1);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorNotRegistered.selector, alice));
        vault.evictOperator(alice);
    }

    function test_RevertWhen_replacingInASetThatIsNotFull() public {
        _stakeAndRegister(alice, 1000 ether);
        _fundAndStake(bob, 2000 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorSetNotFull.selector, alice));
        vault.registerOperatorReplacing("https://bob.example", _publicKey(2), alice);
    }

    function _declare(address account) private {
        uint256[] memory models = new uint256[](1);
        uint32[] memory versions = new uint32[](1);
        (models[0], versions[0]) = (7, 1);
        vm.prank(account);
        vault.declareServedVersions(models, versions, true);
    }
}
