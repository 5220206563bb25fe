// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {
    TimelockControllerUpgradeable
} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {SymbioteGovernor} from "../../../contracts/governance/SymbioteGovernor.sol";
import {SymbioteTimelock} from "../../../contracts/governance/SymbioteTimelock.sol";
import {StakingVault} from "../../../contracts/staking/StakingVault.sol";
import {GovernanceFixture} from "../utils/GovernanceFixture.sol";

/// @dev New implementations used to show that upgrades through governance keep state.
contract StakingVaultV2 is StakingVault {
    function version() external pure returns (string memory) {
        return "2";
    }
}

contract SymbioteGovernorV2 is SymbioteGovernor {
    function version() public pure override returns (string memory) {
        return "2";
    }
}

contract SymbioteTimelockV2 is SymbioteTimelock {
    function version() external pure returns (string memory) {
        return "2";
    }
}

/// @notice The governance core end to end: stakers propose, vote, queue and execute through the timelock.
contract GovernanceIntegrationTest is GovernanceFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal outsider = makeAddr("outsider");

    function setUp() public {
        _deployGovernance();
        _fundAndStake(alice, 3_000_000 ether);
        _fundAndStake(bob, 1_000_000 ether);
        // Checkpoints are read strictly in the past.
        vm.warp(block.timestamp + 1);
    }

    function test_parameterChange_proposeVoteQueueExecute() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) =
            _single(address(vault), abi.encodeCall(StakingVault.setCooldown, (14 days)));
        string memory description = "Lengthen the unstake cooldown to 14 days";

        vm.prank(alice);
        uint256 proposalId = governor.propose(targets, values, calldatas, description);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Pending));

        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(alice);
        governor.castVote(proposalId, 1);
        vm.prank(bob);
        governor.castVote(proposalId, 0);
        (uint256 against, uint256 forVotes,) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 3_000_000 ether);
        assertEq(against, 1_000_000 ether);

        vm.warp(block.timestamp + VOTING_PERIOD);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Succeeded));
        bytes32 descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Queued));

        // Not before the timelock delay.
        vm.expectRevert();
        governor.execute(targets, values, calldatas, descriptionHash);
        assertEq(vault.cooldown(), COOLDOWN);

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed));
        assertEq(vault.cooldown(), 14 days);
    }

    function test_proposal_defeatedWithoutQuorum() public {
        address small = makeAddr("small");
        _fundAndStake(small, PROPOSAL_THRESHOLD);
        vm.warp(block.timestamp + 1);
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) =
            _single(address(vault), abi.encodeCall(StakingVault.setCooldown, (14 days)));
        vm.prank(small);
        uint256 proposalId = governor.propose(targets, values, calldatas, "small");
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(small);
        governor.castVote(proposalId, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        // 10k of 4.01M staked is far below the 4% quorum.
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_RevertWhen_proposerBelowThreshold() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) =
            _single(address(vault), abi.encodeCall(StakingVault.setCooldown, (14 days)));
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, outsider, 0, PROPOSAL_THRESHOLD
            )
        );
        governor.propose(targets, values, calldatas, "no votes");
    }

    function test_flashStakeAfterSnapshot_carriesNoVotes() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) =
            _single(address(vault), abi.encodeCall(StakingVault.setCooldown, (30 days)));
        vm.prank(bob);
        uint256 proposalId = governor.propose(targets, values, calldatas, "flash");
        uint256 snapshot = governor.proposalSnapshot(proposalId);

        vm.warp(snapshot + 1);
        // A whale borrows and stakes far more than everyone else once the snapshot has passed.
        address whale = makeAddr("whale");
        _fundAndStake(whale, 50_000_000 ether);
        assertEq(vault.getVotes(whale), 50_000_000 ether);
        assertEq(vault.getPastVotes(whale, snapshot), 0);

        vm.prank(whale);
        governor.castVote(proposalId, 1);
        vm.prank(alice);
        governor.castVote(proposalId, 0);
        (uint256 against, uint256 forVotes,) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 0);
        assertEq(against, 3_000_000 ether);

        vm.warp(block.timestamp + VOTING_PERIOD);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_unstakingBeforeSnapshot_removesVotes() public {
        vm.prank(alice);
        vault.requestUnstake(3_000_000 ether);
        vm.warp(block.timestamp + 1);
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) =
            _single(address(vault), abi.encodeCall(StakingVault.setCooldown, (30 days)));
        vm.prank(bob);
        uint256 proposalId = governor.propose(targets, values, calldatas, "cooldown stake");
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
        vm.prank(alice);
        governor.castVote(proposalId, 1);
        (, uint256 forVotes,) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 0);
    }

    function test_upgradeVaultThroughGovernance_keepsState() public {
        uint256 aliceStake = vault.activeStakeOf(alice);
        uint256 aliceVotes = vault.getVotes(alice);
        uint256 totalActive = vault.totalActiveStake();
        address implementation = address(new StakingVaultV2());

        _passAndExecute(address(vault), abi.encodeCall(vault.upgradeToAndCall, (implementation, "")), "upgrade vault");

        assertEq(StakingVaultV2(address(vault)).version(), "2");
        assertEq(vault.activeStakeOf(alice), aliceStake);
        assertEq(vault.getVotes(alice), aliceVotes);
        assertEq(vault.totalActiveStake(), totalActive);
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), address(timelock)));
        // Staking still works on the new implementation.
        _fundAndStake(outsider, 5 ether);
        assertEq(vault.activeStakeOf(outsider), 5 ether);
    }

    function test_upgradeGovernorThroughGovernance_keepsSettings() public {
        address implementation = address(new SymbioteGovernorV2());
        _passAndExecute(
            address(governor), abi.encodeCall(governor.upgradeToAndCall, (implementation, "")), "upgrade governor"
        );
        assertEq(governor.version(), "2");
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.timelock(), address(timelock));
        assertEq(address(governor.token()), address(vault));
    }

    function test_upgradeTimelockThroughItsOwnOperation() public {
        address implementation = address(new SymbioteTimelockV2());
        _passAndExecute(
            address(timelock), abi.encodeCall(timelock.upgradeToAndCall, (implementation, "")), "upgrade timelock"
        );
        assertEq(SymbioteTimelockV2(payable(address(timelock))).version(), "2");
        assertEq(timelock.getMinDelay(), TIMELOCK_DELAY);
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
    }

    function test_mintThroughGovernance() public {
        _passAndExecute(address(token), abi.encodeCall(token.mint, (bob, 123 ether)), "fund bob");
        assertEq(token.balanceOf(bob), 123 ether);
    }

    function test_deployerKeepsNoRights() public view {
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), deployer));
        assertFalse(timelock.hasRole(timelock.PROPOSER_ROLE(), deployer));
        assertFalse(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), deployer));
        assertEq(token.owner(), address(timelock));
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)));
    }

    /* ------------------------------------------------------------------ */
    /*                 Every privileged function refuses outsiders         */
    /* ------------------------------------------------------------------ */

    function test_RevertWhen_outsiderCallsVaultAdmin() public {
        bytes32 admin = vault.DEFAULT_ADMIN_ROLE();
        bytes32 slasher = vault.SLASHER_ROLE();
        address implementation = address(new StakingVaultV2());
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, admin);
        vm.startPrank(outsider);
        vm.expectRevert(denied);
        vault.setCooldown(10 days);
        vm.expectRevert(denied);
        vault.setMinOperatorStake(1 ether);
        vm.expectRevert(denied);
        vault.recoverExcess(address(token), outsider, 1);
        vm.expectRevert(denied);
        vault.upgradeToAndCall(implementation, "");
        vm.expectRevert(denied);
        vault.grantRole(slasher, outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, slasher)
        );
        vault.slash(alice, 1, outsider);
        vm.stopPrank();
        assertEq(vault.cooldown(), COOLDOWN);
        assertEq(vault.activeStakeOf(alice), 3_000_000 ether);
    }

    function test_RevertWhen_outsiderCallsTokenAdmin() public {
        bytes memory denied = abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, outsider);
        vm.startPrank(outsider);
        vm.expectRevert(denied);
        token.mint(outsider, 1);
        vm.expectRevert(denied);
        token.transferOwnership(outsider);
        vm.expectRevert(denied);
        token.renounceOwnership();
        vm.stopPrank();
    }

    function test_RevertWhen_outsiderCallsGovernorAdmin() public {
        bytes memory denied = abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, outsider);
        vm.startPrank(outsider);
        vm.expectRevert(denied);
        governor.setVotingDelay(1);
        vm.expectRevert(denied);
        governor.setVotingPeriod(1);
        vm.expectRevert(denied);
        governor.setProposalThreshold(0);
        vm.expectRevert(denied);
        governor.updateQuorumNumerator(1);
        vm.expectRevert(denied);
        governor.updateTimelock(SymbioteTimelock(payable(outsider)));
        vm.expectRevert(denied);
        governor.relay(address(token), 0, abi.encodeCall(token.transfer, (outsider, 1)));
        address implementation = address(new SymbioteGovernorV2());
        vm.expectRevert(denied);
        governor.upgradeToAndCall(implementation, "");
        vm.stopPrank();
    }

    function test_RevertWhen_outsiderCallsTimelockAdmin() public {
        bytes32 proposer = timelock.PROPOSER_ROLE();
        address implementation = address(new SymbioteTimelockV2());
        vm.startPrank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, timelock.PROPOSER_ROLE()
            )
        );
        timelock.schedule(address(token), 0, "", bytes32(0), bytes32(0), TIMELOCK_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, timelock.CANCELLER_ROLE()
            )
        );
        timelock.cancel(bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(TimelockControllerUpgradeable.TimelockUnauthorizedCaller.selector, outsider)
        );
        timelock.updateDelay(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, timelock.DEFAULT_ADMIN_ROLE()
            )
        );
        timelock.grantRole(proposer, outsider);
        vm.expectRevert(abi.encodeWithSelector(SymbioteTimelock.TimelockUnauthorizedUpgrade.selector, outsider));
        timelock.upgradeToAndCall(implementation, "");
        vm.stopPrank();
        assertEq(timelock.getMinDelay(), TIMELOCK_DELAY);
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _passAndExecute(address target, bytes memory data, string memory description) private {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _single(target, data);
        vm.prank(alice);
        uint256 proposalId = governor.propose(targets, values, calldatas, description);
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(alice);
        governor.castVote(proposalId, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        bytes32 descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed));
    }

    function _single(address target, bytes memory data)
        private
        pure
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        targets = new address[](1);
        targets[0] = target;
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = data;
    }
}
