// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    TimelockControllerUpgradeable
} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Test} from "forge-std/Test.sol";

import {SymbioteGovernor} from "../../../contracts/governance/SymbioteGovernor.sol";
import {SymbioteTimelock} from "../../../contracts/governance/SymbioteTimelock.sol";
import {StakingVault} from "../../../contracts/staking/StakingVault.sol";
import {SymbioteToken} from "../../../contracts/token/SymbioteToken.sol";

/// @notice Deploys the governance core behind ERC-1967 proxies and hands every right to the timelock, as the
/// deployment does: the deployer keeps nothing.
abstract contract GovernanceFixture is Test {
    uint256 internal constant INITIAL_SUPPLY = 100_000_000 ether;
    uint256 internal constant SUPPLY_CAP = 1_000_000_000 ether;
    uint64 internal constant COOLDOWN = 7 days;
    uint256 internal constant MIN_OPERATOR_STAKE = 1000 ether;
    uint256 internal constant TIMELOCK_DELAY = 2 days;
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 5 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 10_000 ether;
    uint256 internal constant QUORUM_PERCENT = 4;

    address internal treasury = makeAddr("treasury");
    address internal deployer = makeAddr("deployer");

    SymbioteToken internal token;
    StakingVault internal vault;
    SymbioteTimelock internal timelock;
    SymbioteGovernor internal governor;

    function _deployGovernance() internal {
        vm.startPrank(deployer);
        address[] memory none = new address[](0);
        timelock = SymbioteTimelock(
            payable(_proxy(
                    address(new SymbioteTimelock()),
                    abi.encodeWithSelector(
                        TimelockControllerUpgradeable.initialize.selector, TIMELOCK_DELAY, none, none, deployer
                    )
                ))
        );
        token = SymbioteToken(
            _proxy(
                address(new SymbioteToken()),
                abi.encodeCall(
                    SymbioteToken.initialize,
                    ("Symbiote", "SYM", treasury, INITIAL_SUPPLY, SUPPLY_CAP, address(timelock))
                )
            )
        );
        vault = StakingVault(
            _proxy(
                address(new StakingVault()),
                abi.encodeCall(
                    StakingVault.initialize, (address(token), address(timelock), COOLDOWN, MIN_OPERATOR_STAKE)
                )
            )
        );
        governor = SymbioteGovernor(
            payable(_proxy(
                    address(new SymbioteGovernor()),
                    abi.encodeCall(
                        SymbioteGovernor.initialize,
                        (vault, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT)
                    )
                ))
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        // Anyone may execute a proposal once its delay has passed.
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer);
        vm.stopPrank();
    }

    function _proxy(address implementation, bytes memory initCall) internal returns (address) {
        return address(new ERC1967Proxy(implementation, initCall));
    }

    /// @dev Gives `account` tokens from the treasury and stakes them.
    function _fundAndStake(address account, uint256 amount) internal {
        vm.prank(treasury);
        token.transfer(account, amount);
        vm.startPrank(account);
        token.approve(address(vault), amount);
        vault.stake(amount);
        vm.stopPrank();
    }

    /// @dev Gives `account` tokens from the treasury.
    function _fund(address account, uint256 amount) internal {
        vm.prank(treasury);
        token.transfer(account, amount);
    }
}
