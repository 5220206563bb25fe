// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IStakingVault} from "../../../../contracts/interfaces/IStakingVault.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

/// @notice The vault as governance UIs read the governor's votes token: ERC-20 metadata, supply and balances of
/// active stake, and Transfer events from / to the zero address, with no way to transfer.
contract StakingVaultVotesTokenTest is StakingFixture {
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal receiver = makeAddr("receiver");

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
        (alice, aliceKey) = makeAddrAndKey("alice");
    }

    function test_metadata_namesTheStakedToken() public view {
        assertEq(vault.name(), "Staked Symbiote");
        assertEq(vault.symbol(), "stSYM");
        assertEq(vault.decimals(), 18);
        assertEq(vault.decimals(), token.decimals(), "one unit of stake is one unit of the token");
        assertEq(token.symbol(), "SYM");
    }

    function test_totalSupplyAndBalanceOf_followActiveStake() public {
        assertEq(vault.totalSupply(), 0);
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 50 ether);
        assertEq(vault.totalSupply(), 150 ether);
        assertEq(vault.balanceOf(alice), 100 ether);
        assertEq(vault.balanceOf(bob), 50 ether);

        _unstake(alice, 30 ether);
        _slash(bob, 20 ether, receiver);
        assertEq(vault.totalSupply(), 100 ether, "cooldown and slashed stake are not supply");
        assertEq(vault.totalSupply(), vault.totalActiveStake());
        assertEq(vault.balanceOf(alice), 70 ether);
        assertEq(vault.balanceOf(bob), 30 ether);

        // Delegation moves votes, not balances.
        vm.prank(alice);
        vault.delegate(bob);
        assertEq(vault.balanceOf(alice), 70 ether);
        assertEq(vault.getVotes(bob), 100 ether);
        vm.warp(block.timestamp + 1);
        assertEq(vault.getPastTotalSupply(block.timestamp - 1), vault.totalSupply());
    }

    function test_stake_emitsTransferFromZero() public {
        _fund(alice, 100 ether);
        vm.startPrank(alice);
        token.approve(address(vault), 100 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Transfer(address(0), alice, 100 ether);
        vault.stake(100 ether);
        vm.stopPrank();
    }

    /// @dev The stake is minted to the account credited, not to the payer.
    function test_stakeFor_emitsTransferToTheAccount() public {
        _fund(bob, 100 ether);
        vm.startPrank(bob);
        token.approve(address(vault), 100 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Transfer(address(0), alice, 100 ether);
        vault.stakeFor(alice, 100 ether);
        vm.stopPrank();
    }

    function test_stakeWithPermit_emitsTransferFromZero() public {
        _fund(alice, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(vault), 100 ether, deadline);
        vm.expectEmit(address(vault));
        emit IStakingVault.Transfer(address(0), alice, 100 ether);
        vm.prank(alice);
        vault.stakeWithPermit(100 ether, deadline, v, r, s);
    }

    function test_requestUnstake_emitsTransferToZero() public {
        _fundAndStake(alice, 100 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Transfer(alice, address(0), 40 ether);
        _unstake(alice, 40 ether);
    }

    /// @dev Only the active part of a slash leaves the supply: cooldown stake was burned when it was requested.
    function test_slash_emitsTransferToZeroForTheActivePartOnly() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Transfer(alice, address(0), 60 ether);
        _slash(alice, 80 ether, receiver);

        vm.recordLogs();
        assertEq(_slash(alice, 10 ether, receiver), 10 ether);
        assertEq(_transfersIn(vm.getRecordedLogs()), 0, "a slash of cooldown stake only emits no Transfer");
    }

    /// @dev Withdrawals, claims, delegation and reward notifications change no active stake and emit no Transfer.
    function test_otherActions_emitNoTransfer() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 40 ether);
        _prepareNotify(20 ether);
        vm.recordLogs();
        vm.prank(notifier);
        vault.notifyReward(20 ether);
        _notify(10 ether);
        vm.prank(alice);
        vault.delegate(bob);
        vm.warp(block.timestamp + COOLDOWN);
        vm.startPrank(alice);
        vault.withdraw(alice);
        vault.claimRewards(alice);
        vm.stopPrank();
        assertEq(_transfersIn(vm.getRecordedLogs()), 0);
    }

    /// @dev Not transferable: no transfer, transferFrom, approve or allowance, and no fallback to catch them.
    function test_hasNoTransferFunctions() public {
        _fundAndStake(alice, 100 ether);
        bytes[4] memory calls = [
            abi.encodeWithSignature("transfer(address,uint256)", bob, 1 ether),
            abi.encodeWithSignature("transferFrom(address,address,uint256)", alice, bob, 1 ether),
            abi.encodeWithSignature("approve(address,uint256)", bob, 1 ether),
            abi.encodeWithSignature("allowance(address,address)", alice, bob)
        ];
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(alice);
            (bool ok,) = address(vault).call(calls[i]);
            assertFalse(ok);
        }
        assertEq(vault.balanceOf(alice), 100 ether);
        assertEq(vault.balanceOf(bob), 0);
    }

    /// @dev Whatever the sequence, the Transfer events add up to each balance and to the total supply.
    function testFuzz_transferEvents_addUpToBalances(uint256 seed) public {
        address[2] memory accounts = [alice, bob];
        int256[2] memory fromEvents;
        vm.recordLogs();
        for (uint256 step; step < 12; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address account = accounts[r % 2];
            uint256 active = vault.activeStakeOf(account);
            uint256 action = (r >> 8) % 3;
            if (action == 0 || active == 0) {
                _fundAndStake(account, bound(r >> 16, 1, 1_000_000 ether));
            } else if (action == 1) {
                _unstake(account, bound(r >> 16, 1, active));
            } else {
                _slash(account, bound(r >> 16, 1, 2 * active), receiver);
            }
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(vault) || logs[i].topics[0] != IStakingVault.Transfer.selector) continue;
            address from = address(uint160(uint256(logs[i].topics[1])));
            address to = address(uint160(uint256(logs[i].topics[2])));
            int256 value = int256(abi.decode(logs[i].data, (uint256)));
            assertTrue((from == address(0)) != (to == address(0)), "mint or burn only");
            for (uint256 j; j < 2; ++j) {
                if (to == accounts[j]) fromEvents[j] += value;
                if (from == accounts[j]) fromEvents[j] -= value;
            }
        }
        assertEq(uint256(fromEvents[0]), vault.balanceOf(alice));
        assertEq(uint256(fromEvents[1]), vault.balanceOf(bob));
        assertEq(uint256(fromEvents[0] + fromEvents[1]), vault.totalSupply());
    }

    function _transfersIn(Vm.Log[] memory logs) internal view returns (uint256 count) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(vault) && logs[i].topics[0] == IStakingVault.Transfer.selector) ++count;
        }
    }
}
