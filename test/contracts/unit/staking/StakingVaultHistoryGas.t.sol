// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";

import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

/// @notice What the vault's histories (selection weights, votes, slot owners) cost when a write lands in a later second
/// than the last one, pushing new entries instead of rewriting the latest in place: the figures the coordinator's slash
/// budget (ProtocolConstants.SLASH_GAS) and the SDK's gas limits (sdk/src/utils/gasLimit.ts) are sized from.
contract StakingVaultHistoryGasTest is StakingFixture {
    /// @dev sdk/src/utils/gasLimit.ts: HISTORY_ENTRY_GAS, and a registration's entries (slot owner and weight).
    uint256 internal constant SDK_HISTORY_ENTRY_GAS = 25_000;
    uint256 internal constant SDK_REGISTRATION_ENTRIES = 11;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal receiver = makeAddr("receiver");

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
    }

    /// A second operator registering in the second of the first one's registration rewrites the weight tree's shared
    /// nodes in place; one second later it pushes a new entry on each. An estimate made in the first case must be
    /// raised by the SDK's allowance to cover the second.
    function test_registerOperator_inALaterSecond_staysWithinTheSdkAllowance() public {
        uint256 sameSecond = _secondRegistrationGas(0);
        uint256 laterSecond = _secondRegistrationGas(1);
        console.log("second registration, same second", sameSecond);
        console.log("second registration, a later second", laterSecond);
        assertGt(laterSecond, sameSecond + sameSecond / 3, "more than a third above the same-second estimate");
        assertLe(laterSecond, sameSecond + SDK_REGISTRATION_ENTRIES * SDK_HISTORY_ENTRY_GAS, "within the allowance");
    }

    /// Every branch a slash can take at once: rewards to settle, stake still maturing, a cooldown to take from once
    /// the active stake is gone, a delegate's votes and the operator's selection weight (slot 1, the longest path
    /// through the weight tree) each pushing a new history entry in a second of their own.
    function test_slash_costliestCaseFitsTheCoordinatorsBudget() public {
        _stakeAndRegister(alice, 2000 ether);
        _stakeAndRegister(bob, 3000 ether);
        vm.prank(alice);
        vault.delegate(bob);
        vm.warp(block.timestamp + 1 days);
        _notify(100 ether);
        vm.warp(block.timestamp + 1 days);
        _notify(100 ether);
        _fundAndStake(alice, 500 ether); // maturing in the open interval
        _unstake(alice, 400 ether); // a cooldown to slash from
        vm.warp(block.timestamp + 1);
        // as in a transaction of its own: every account and slot cold
        vm.cool(address(vault));
        vm.cool(address(token));

        uint256 before = gasleft();
        uint256 slashed = _slash(alice, 2500 ether, receiver);
        uint256 used = before - gasleft();
        console.log("costliest slash gas", used);
        assertEq(slashed, 2500 ether, "active stake and cooldown both slashed");
        assertLt(used * 2, ProtocolConstants.SLASH_GAS, "the budget holds twice the costliest slash");
    }

    /// Gas of bob's registration, cold, `later` seconds after alice's.
    function _secondRegistrationGas(uint256 later) internal returns (uint256 used) {
        uint256 snapshot = vm.snapshotState();
        _stakeAndRegister(alice, 2000 ether);
        _fundAndStake(bob, 2000 ether);
        vm.warp(block.timestamp + later);
        vm.cool(address(vault));
        vm.prank(bob);
        uint256 before = gasleft();
        vault.registerOperator("https://bob.example", _publicKey(2));
        used = before - gasleft();
        vm.revertToState(snapshot);
    }
}
