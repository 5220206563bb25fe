// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {InferenceCoordinator} from "../../../../contracts/oracle/InferenceCoordinator.sol";
import {StakingVault} from "../../../../contracts/staking/StakingVault.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice Stakes, has the coordinator distribute the protocol fees and starts unstaking, all in one call.
contract CoordinatorFeeSniper {
    function attack(StakingVault vault, InferenceCoordinator coordinator, IERC20 token) external {
        uint256 amount = token.balanceOf(address(this));
        token.approve(address(vault), amount);
        vault.stake(amount);
        coordinator.distributeProtocolFees();
        vault.requestUnstake(amount);
    }
}

/// @notice The stakers' share of inference fees, as the coordinator notifies it, reaches only stake that was active
/// while the fees were earned.
contract StakingVaultCoordinatorFeesTest is CoordinatorTestBase {
    /// @dev The stakers' share of one classifier request: 10% of the 10-token fee.
    uint256 internal constant STAKERS_SHARE = 1 ether;

    /// @dev The operator staked in setUp; the first distribution closes that interval (its fees are carried), then
    /// a second request earns fees while the operator is the only earning stake.
    function setUp() public override {
        super.setUp();
        _fulfill(_requestCommitted(), committedFixture);
        coordinator.distributeProtocolFees();
        assertEq(vault.earningStakeOf(OPERATOR), OPERATOR_STAKE);
        vm.warp(block.timestamp + 1 days);
        _fulfill(_requestCommitted(), committedFixture);
        (uint256 stakers,) = coordinator.protocolEarnings();
        assertEq(stakers, STAKERS_SHARE);
    }

    function test_distributeProtocolFees_justInTimeStakerEarnsNothing() public {
        CoordinatorFeeSniper sniper = new CoordinatorFeeSniper();
        _fund(address(sniper), 1_000_000 ether);

        sniper.attack(vault, coordinator, token);

        assertEq(vault.earned(address(sniper)), 0, "fees earned before the sniper staked");
        // The operator was staked throughout: both requests' share is its own (the first was carried).
        assertEq(vault.earned(OPERATOR), 2 * STAKERS_SHARE);
        assertEq(vault.activeStakeOf(address(sniper)), 0);
    }

    /// @dev A staker that stays through the next distribution interval earns its share of that interval's fees.
    function test_distributeProtocolFees_stakerPresentForTheIntervalShares() public {
        _fundAndStake(applicant, OPERATOR_STAKE);
        coordinator.distributeProtocolFees(); // the interval the applicant joined in: the operator's
        assertEq(vault.earned(applicant), 0);
        assertEq(vault.earned(OPERATOR), 2 * STAKERS_SHARE);

        vm.warp(block.timestamp + 1 days);
        _fulfill(_requestCommitted(), committedFixture);
        coordinator.distributeProtocolFees();
        assertEq(vault.earned(applicant), STAKERS_SHARE / 2);
        assertEq(vault.earned(OPERATOR), 2 * STAKERS_SHARE + STAKERS_SHARE / 2);
    }
}
