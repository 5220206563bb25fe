// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ISlashExposure} from "../../../../contracts/interfaces/ISlashExposure.sol";
import {IStakingVault} from "../../../../contracts/interfaces/IStakingVault.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

/// @notice A slasher that declares its exposure, as the inference coordinator does (request timeout + SLASH_GRACE).
contract ExposedSlasher is ISlashExposure {
    uint64 public slashExposure;

    constructor(uint64 exposure) {
        slashExposure = exposure;
    }

    function setExposure(uint64 exposure) external {
        slashExposure = exposure;
    }
}

/// @notice A slasher whose `slashExposure()` reverts.
contract RevertingSlasher {
    function slashExposure() external pure returns (uint64) {
        revert("not today");
    }
}

/// @notice A slasher without the function and without a fallback: the call reverts.
contract SlasherWithoutExposure {}

/// @notice A slasher whose fallback answers anything with `reply`: too short, or a word no uint64 can hold.
contract GarbageSlasher {
    bytes internal reply;

    constructor(bytes memory reply_) {
        reply = reply_;
    }

    fallback(bytes calldata) external returns (bytes memory) {
        // Returned raw, not ABI-encoded: the caller sees exactly `reply`.
        bytes memory data = reply;
        assembly {
            return(add(data, 0x20), mload(data))
        }
    }
}

/// @notice The vault tracks who holds SLASHER_ROLE and refuses a cooldown shorter than any slasher's exposure.
contract StakingVaultSlashersTest is StakingFixture {
    /// @dev The vault's ERC-7201 root and the slot of `slashers` in StakingVaultStorage (an AddressSet: the values
    /// array, then the positions mapping).
    bytes32 internal constant STAKING_VAULT_STORAGE =
        0xcd6c0d7f719a480b007433f5c7cc24c2a353bbc4e61b8f002f72550583b09800;
    uint256 internal constant SLASHERS_SLOT = 13;

    bytes32 internal slasherRole;
    bytes32 internal adminRole;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
        slasherRole = vault.SLASHER_ROLE();
        adminRole = vault.DEFAULT_ADMIN_ROLE();
    }

    function test_slashers_listsTheHoldersOfTheRole() public {
        address[] memory listed = vault.slashers();
        assertEq(listed.length, 1);
        assertEq(listed[0], slasher);

        ExposedSlasher second = new ExposedSlasher(1 days);
        _grantSlasher(address(second));
        listed = vault.slashers();
        assertEq(listed.length, 2);
        assertEq(listed[1], address(second));
    }

    function test_revokeRole_removesTheSlasher() public {
        ExposedSlasher exposed = new ExposedSlasher(10 days);
        _grantSlasher(address(exposed));
        vm.prank(address(timelock));
        vault.revokeRole(slasherRole, address(exposed));
        address[] memory listed = vault.slashers();
        assertEq(listed.length, 1);
        assertEq(listed[0], slasher);

        // Its exposure no longer binds the cooldown.
        vm.prank(address(timelock));
        vault.setCooldown(2 days);
        assertEq(vault.cooldown(), 2 days);
    }

    function test_renounceRole_removesTheSlasher() public {
        vm.prank(slasher);
        vault.renounceRole(slasherRole, slasher);
        assertEq(vault.slashers().length, 0);
        assertFalse(vault.hasRole(slasherRole, slasher));
    }

    /// @dev Other roles leave the slasher set alone.
    function test_grantRole_ofAnotherRoleIsNotASlasher() public {
        bytes32 notifierRole = vault.REWARD_NOTIFIER_ROLE();
        ExposedSlasher notSlasher = new ExposedSlasher(30 days);
        vm.prank(address(timelock));
        vault.grantRole(notifierRole, address(notSlasher));
        assertEq(vault.slashers().length, 1);
        vm.prank(address(timelock));
        vault.setCooldown(2 days);
    }

    function test_RevertWhen_outsiderGrantsSlasherRole() public {
        address intruder = makeAddr("intruder");
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.grantRole(slasherRole, intruder);
        assertEq(vault.slashers().length, 1);
    }

    function test_RevertWhen_outsiderSetsCooldown() public {
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.setCooldown(14 days);
        assertEq(vault.cooldown(), COOLDOWN);
    }

    function test_RevertWhen_settingCooldownBelowASlashersExposure() public {
        ExposedSlasher exposed = new ExposedSlasher(3 days + ProtocolConstants.SLASH_GRACE);
        _grantSlasher(address(exposed));
        uint64 tooShort = 3 days + ProtocolConstants.SLASH_GRACE - 1;
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownBelowSlashExposure.selector,
                tooShort,
                3 days + ProtocolConstants.SLASH_GRACE,
                address(exposed)
            )
        );
        vault.setCooldown(tooShort);
        assertEq(vault.cooldown(), COOLDOWN);
    }

    function test_setCooldown_acceptsExactlyTheExposure() public {
        uint64 exposure = 3 days + ProtocolConstants.SLASH_GRACE;
        _grantSlasher(address(new ExposedSlasher(exposure)));
        vm.expectEmit(address(vault));
        emit IStakingVault.CooldownUpdated(COOLDOWN, exposure);
        vm.prank(address(timelock));
        vault.setCooldown(exposure);
        assertEq(vault.cooldown(), exposure);
    }

    /// @dev Every slasher is asked: the one with the longest exposure binds, wherever it is in the set.
    function test_setCooldown_checksEverySlasher() public {
        ExposedSlasher short = new ExposedSlasher(2 days);
        ExposedSlasher long = new ExposedSlasher(5 days);
        _grantSlasher(address(short));
        _grantSlasher(address(long));
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownBelowSlashExposure.selector, uint64(3 days), uint64(5 days), address(long)
            )
        );
        vault.setCooldown(3 days);
        vm.prank(address(timelock));
        vault.setCooldown(5 days);
        assertEq(vault.cooldown(), 5 days);
    }

    /// @dev The exposure is read when the cooldown changes: a slasher that raised it since binds the next change.
    function test_setCooldown_readsTheCurrentExposure() public {
        ExposedSlasher exposed = new ExposedSlasher(1 days);
        _grantSlasher(address(exposed));
        vm.prank(address(timelock));
        vault.setCooldown(2 days);
        exposed.setExposure(4 days);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownBelowSlashExposure.selector,
                uint64(3 days),
                uint64(4 days),
                address(exposed)
            )
        );
        vault.setCooldown(3 days);
    }

    /// @dev The range is checked before any slasher is asked.
    function test_RevertWhen_settingCooldownOutOfRangeEvenAboveExposure() public {
        _grantSlasher(address(new ExposedSlasher(ProtocolConstants.MAX_COOLDOWN)));
        uint64 tooLong = ProtocolConstants.MAX_COOLDOWN + 1;
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownOutOfRange.selector,
                tooLong,
                ProtocolConstants.MIN_COOLDOWN,
                ProtocolConstants.MAX_COOLDOWN
            )
        );
        vault.setCooldown(tooLong);
    }

    /// @dev A slasher that does not implement ISlashExposure must not block governance: an account without code
    /// (the fixture's slasher), a reverting call, a missing function, a reply shorter than a word and a word too
    /// large for a uint64 all count as exposure 0.
    function test_setCooldown_countsASlasherWithoutAnExposureAsZero() public {
        _grantSlasher(address(new RevertingSlasher()));
        _grantSlasher(address(new SlasherWithoutExposure()));
        _grantSlasher(address(new GarbageSlasher(hex"01")));
        _grantSlasher(address(new GarbageSlasher(abi.encode(uint256(type(uint64).max) + 1))));
        _grantSlasher(address(new GarbageSlasher("")));
        assertEq(vault.slashers().length, 6);
        vm.prank(address(timelock));
        vault.setCooldown(ProtocolConstants.MIN_COOLDOWN);
        assertEq(vault.cooldown(), ProtocolConstants.MIN_COOLDOWN);
    }

    /// @dev A well-formed word with the top bits clear is an exposure, whatever function produced it.
    function test_setCooldown_readsAnExposureFromAnyWellFormedReply() public {
        GarbageSlasher exposed = new GarbageSlasher(abi.encode(uint256(4 days), uint256(99)));
        _grantSlasher(address(exposed));
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownBelowSlashExposure.selector,
                uint64(3 days),
                uint64(4 days),
                address(exposed)
            )
        );
        vault.setCooldown(3 days);
    }

    function testFuzz_setCooldown_refusedBelowExposureOnly(uint64 exposure, uint64 cooldown) public {
        exposure = uint64(bound(exposure, 0, ProtocolConstants.MAX_COOLDOWN));
        cooldown = uint64(bound(cooldown, ProtocolConstants.MIN_COOLDOWN, ProtocolConstants.MAX_COOLDOWN));
        ExposedSlasher exposed = new ExposedSlasher(exposure);
        _grantSlasher(address(exposed));
        vm.prank(address(timelock));
        if (cooldown < exposure) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IStakingVault.StakingCooldownBelowSlashExposure.selector, cooldown, exposure, address(exposed)
                )
            );
            vault.setCooldown(cooldown);
            assertEq(vault.cooldown(), COOLDOWN);
        } else {
            vault.setCooldown(cooldown);
            assertEq(vault.cooldown(), cooldown);
        }
    }

    /// @dev A vault upgraded from the version that did not track slashers starts with an empty set while the
    /// coordinator holds the role. Granting the role again, a no-op for AccessControl, registers it. (The upgrade is
    /// simulated by clearing the set in storage.)
    function test_grantRole_again_registersASlasherHeldBeforeTracking() public {
        ExposedSlasher exposed = new ExposedSlasher(10 days);
        _grantSlasher(address(exposed));
        _clearSlasherSet();
        assertEq(vault.slashers().length, 0);
        assertTrue(vault.hasRole(slasherRole, address(exposed)));

        _grantSlasher(address(exposed));
        address[] memory listed = vault.slashers();
        assertEq(listed.length, 1);
        assertEq(listed[0], address(exposed));
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownBelowSlashExposure.selector,
                uint64(9 days),
                uint64(10 days),
                address(exposed)
            )
        );
        vault.setCooldown(9 days);
    }

    function _grantSlasher(address account) internal {
        vm.prank(address(timelock));
        vault.grantRole(slasherRole, account);
    }

    /// @dev Empties the slasher set as a vault that never tracked it would have it: a zero-length values array and
    /// no positions. Checks the slot first, so that a layout change fails here rather than corrupting state.
    function _clearSlasherSet() internal {
        address[] memory listed = vault.slashers();
        bytes32 values = bytes32(uint256(STAKING_VAULT_STORAGE) + SLASHERS_SLOT);
        bytes32 positions = bytes32(uint256(STAKING_VAULT_STORAGE) + SLASHERS_SLOT + 1);
        assertEq(uint256(vm.load(address(vault), values)), listed.length, "layout: slashers");
        vm.store(address(vault), values, 0);
        for (uint256 i; i < listed.length; ++i) {
            vm.store(address(vault), keccak256(abi.encode(listed[i], positions)), 0);
        }
    }
}
