// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {StakingVault} from "../../../../contracts/staking/StakingVault.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

/// @notice Stands in for the inference coordinator's fee ledger: fees accrue here over time and anyone may push them
/// to the vault, as `InferenceCoordinator.distributeProtocolFees` does.
contract FeeSource {
    StakingVault internal immutable vault;
    IERC20 internal immutable token;

    constructor(StakingVault vault_, IERC20 token_) {
        vault = vault_;
        token = token_;
        token_.approve(address(vault_), type(uint256).max);
    }

    /// @notice Notifies every fee held: what stakers earned since the previous call.
    function distribute() external {
        vault.notifyReward(token.balanceOf(address(this)));
    }
}

/// @notice Stakes, has the accrued fees distributed and starts unstaking, all in one call.
contract JustInTimeStaker {
    StakingVault internal immutable vault;
    IERC20 internal immutable token;

    constructor(StakingVault vault_, IERC20 token_) {
        vault = vault_;
        token = token_;
    }

    function attack(FeeSource source) external {
        uint256 amount = token.balanceOf(address(this));
        token.approve(address(vault), amount);
        vault.stake(amount);
        source.distribute();
        vault.requestUnstake(amount);
    }

    /// @dev The variant that would beat intervals closed by anyone: close the interval it staked in with a 1-wei
    /// notification of its own, so that its stake earns through the (empty) interval the fee source then closes.
    function attackClosingTheIntervalFirst(FeeSource source) external {
        uint256 amount = token.balanceOf(address(this)) - 1;
        token.approve(address(vault), amount + 1);
        vault.stake(amount);
        vault.notifyReward(1);
        source.distribute();
        vault.requestUnstake(amount);
    }

    function claim() external returns (uint256) {
        return vault.earned(address(this)) == 0 ? 0 : vault.claimRewards(address(this));
    }
}

contract StakingVaultJustInTimeTest is StakingFixture {
    address internal alice = makeAddr("alice");
    address internal whale = makeAddr("whale");

    FeeSource internal source;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
        source = new FeeSource(vault, token);
        bytes32 notifierRole = vault.REWARD_NOTIFIER_ROLE();
        vm.prank(address(timelock));
        vault.grantRole(notifierRole, address(source));
    }

    /// @dev Alice stakes and a first distribution starts her earning; then fees accrue for a month.
    function _aliceStakedThroughAMonthOfFees(uint256 fees) internal {
        _fundAndStake(alice, 100 ether);
        _fund(address(source), 1);
        source.distribute();
        vm.warp(block.timestamp + 30 days);
        _fund(address(source), fees);
    }

    function test_justInTimeStakeInOneCallEarnsNothing() public {
        _aliceStakedThroughAMonthOfFees(10 ether);
        JustInTimeStaker attacker = new JustInTimeStaker(vault, token);
        _fund(address(attacker), 1_000_000 ether);

        attacker.attack(source);

        assertEq(vault.earned(address(attacker)), 0, "the attacker earned fees accrued before it staked");
        assertEq(attacker.claim(), 0);
        // Alice was staked for the whole interval: the month's fees are hers. (The wei carried from the first
        // distribution, when nothing earned yet, does not divide over her 100 tokens and stays carried.)
        assertEq(vault.earned(alice), 10 ether);
        _assertSolvent();
    }

    function test_RevertWhen_justInTimeStakerClosesTheIntervalItself() public {
        _aliceStakedThroughAMonthOfFees(10 ether);
        JustInTimeStaker attacker = new JustInTimeStaker(vault, token);
        _fund(address(attacker), 1_000_000 ether);
        bytes32 notifierRole = vault.REWARD_NOTIFIER_ROLE();

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(attacker), notifierRole
            )
        );
        attacker.attackClosingTheIntervalFirst(source);
    }

    function test_justInTimeStakeAcrossBlocksEarnsNothing() public {
        _aliceStakedThroughAMonthOfFees(10 ether);
        _fundAndStake(whale, 1_000_000 ether);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
        source.distribute();
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
        _unstake(whale, 1_000_000 ether);

        assertEq(vault.earned(whale), 0, "the whale earned fees accrued before it staked");
        assertEq(vault.earned(alice), 10 ether);
        _assertSolvent();
    }
}
