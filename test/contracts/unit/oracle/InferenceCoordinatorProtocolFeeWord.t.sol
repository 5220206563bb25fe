// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {FeeShares} from "../../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice The protocol's fee word (ProtocolFeeWord): the fee shares and the stakers' and treasury's pending shares in
/// one slot. The pending shares always reach `protocolEarnings` and `distributeProtocolFees`, whether they sit in the
/// word, in the wide balances of a coordinator upgraded from before the word, or in the wide balances a near-full word
/// spilled into.
contract InferenceCoordinatorProtocolFeeWordTest is CoordinatorTestBase {
    /// @dev The fixture's split of its 10-token fee: 10% to the stakers, 5% to the treasury.
    uint256 internal constant STAKERS_PART = 1 ether;
    uint256 internal constant TREASURY_PART = 0.5 ether;
    uint256 internal constant PENDING_MAX = (1 << 88) - 1;

    bytes32 internal wordSlot;
    bytes32 internal wideSlot;

    function setUp() public override {
        super.setUp();
        _fulfill(_requestCommitted(), committedFixture);
        (wordSlot, wideSlot) = _slots();
    }

    function test_fulfillment_creditsTheWord() public view {
        (uint256 stakers, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, STAKERS_PART);
        assertEq(treasuryShare, TREASURY_PART);
        assertEq(uint256(vm.load(address(coordinator), wideSlot)), 0, "the wide balances stay untouched");
        assertEq(uint256(vm.load(address(coordinator), wordSlot)) >> 80, STAKERS_PART | (TREASURY_PART << 88));
    }

    /// @dev A coordinator upgraded from before the word: the word is empty, the pending shares are in the wide
    /// balances. The next fulfillment splits under `feeShares`, and both places are paid out.
    function test_upgradedCoordinator_splitsUnderFeeSharesAndPaysTheWideBalances() public {
        vm.store(address(coordinator), wordSlot, bytes32(0));
        vm.store(address(coordinator), wideSlot, bytes32(STAKERS_PART | (TREASURY_PART << 128)));
        (uint256 stakers, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, STAKERS_PART);
        assertEq(treasuryShare, TREASURY_PART);

        _fulfill(_requestCommitted(), committedFixture);
        assertEq(coordinator.operatorEarnings(OPERATOR), 8 ether, "the operator's 40% of both fees");
        (stakers, treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, 2 * STAKERS_PART);
        assertEq(treasuryShare, 2 * TREASURY_PART);

        _assertDistributes(2 * STAKERS_PART, 2 * TREASURY_PART);
    }

    /// @dev A word about to overflow spills both pending amounts into the wide balances: the fulfillment settles and
    /// nothing is lost.
    function test_nearlyFullWord_spillsIntoTheWideBalances() public {
        uint256 shares = uint256(vm.load(address(coordinator), wordSlot)) & ((1 << 80) - 1);
        uint256 nearlyFull = PENDING_MAX - STAKERS_PART / 2;
        vm.store(address(coordinator), wordSlot, bytes32(shares | (nearlyFull << 80) | (TREASURY_PART << 168)));
        // the tokens behind the stored pending amount, beyond the fixture treasury's whole balance
        deal(address(token), address(coordinator), token.balanceOf(address(coordinator)) + nearlyFull - STAKERS_PART);

        _fulfill(_requestCommitted(), committedFixture);
        (uint256 stakers, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, nearlyFull + STAKERS_PART);
        assertEq(treasuryShare, 2 * TREASURY_PART);
        assertEq(uint256(vm.load(address(coordinator), wordSlot)), shares, "the word keeps only the shares");

        _fulfill(_requestCommitted(), committedFixture);
        (stakers, treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, nearlyFull + 2 * STAKERS_PART);
        assertEq(treasuryShare, 3 * TREASURY_PART);
        _assertDistributes(nearlyFull + 2 * STAKERS_PART, 3 * TREASURY_PART);
    }

    /// @dev New shares apply to the next fulfillment; what is pending stays pending.
    function test_setFeeShares_keepsThePendingShares() public {
        vm.prank(address(timelock));
        coordinator.setFeeShares(FeeShares(4000, 2500, 2000, 0, 1500));
        (uint256 stakers, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, STAKERS_PART);
        assertEq(treasuryShare, TREASURY_PART);

        _fulfill(_requestCommitted(), committedFixture);
        (stakers, treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, STAKERS_PART, "no stakers' share under the new split");
        assertEq(treasuryShare, TREASURY_PART + 1.5 ether);
    }

    function _assertDistributes(uint256 stakers, uint256 treasuryShare) private {
        uint256 treasuryBefore = token.balanceOf(treasury);
        uint256 outstandingBefore = vault.rewardsOutstanding();
        vm.expectEmit(address(coordinator));
        emit IInferenceCoordinator.ProtocolFeesDistributed(stakers, treasuryShare);
        coordinator.distributeProtocolFees();
        assertEq(vault.rewardsOutstanding(), outstandingBefore + stakers);
        assertEq(token.balanceOf(treasury), treasuryBefore + treasuryShare);
        (uint256 stakersLeft, uint256 treasuryLeft) = coordinator.protocolEarnings();
        assertEq(stakersLeft + treasuryLeft, 0);
        assertEq(uint256(vm.load(address(coordinator), wideSlot)), 0);
        vm.expectRevert(IInferenceCoordinator.CoordinatorNothingToWithdraw.selector);
        coordinator.distributeProtocolFees();
    }

    /// @dev The two slots `protocolEarnings` reads: the word (its low 80 bits are the shares in force) and the wide
    /// balances' slot.
    function _slots() private returns (bytes32 word, bytes32 wide) {
        vm.record();
        coordinator.protocolEarnings();
        (bytes32[] memory reads,) = vm.accesses(address(coordinator));
        FeeShares memory shares = coordinator.feeShares();
        uint256 packed = uint256(shares.operatorBps) | (uint256(shares.modelOwnerBps) << 16)
            | (uint256(shares.dataBps) << 32) | (uint256(shares.stakersBps) << 48) | (uint256(shares.treasuryBps) << 64);
        for (uint256 i; i < reads.length; ++i) {
            uint256 value = uint256(vm.load(address(coordinator), reads[i]));
            if (value & ((1 << 80) - 1) == packed && value >> 80 != 0) word = reads[i];
            else if (reads[i] != word && reads[i] != _implementationSlot()) wide = reads[i];
        }
        assertTrue(word != bytes32(0) && wide != bytes32(0) && word != wide, "both slots found");
    }

    function _implementationSlot() private pure returns (bytes32) {
        return 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    }
}
