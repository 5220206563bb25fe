// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {
    ERC20CappedUpgradeable
} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20CappedUpgradeable.sol";
import {
    ERC20PermitUpgradeable
} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {ISymbioteToken} from "../../../../contracts/interfaces/ISymbioteToken.sol";
import {SymbioteToken} from "../../../../contracts/token/SymbioteToken.sol";
import {GovernanceFixture} from "../../utils/GovernanceFixture.sol";

/// @dev A second implementation for upgrade tests: same storage, one more view.
contract SymbioteTokenV2 is SymbioteToken {
    function version() external pure returns (string memory) {
        return "2";
    }
}

contract SymbioteTokenTest is GovernanceFixture {
    address internal outsider = makeAddr("outsider");
    address internal alice;
    uint256 internal aliceKey;

    function setUp() public {
        _deployGovernance();
        (alice, aliceKey) = makeAddrAndKey("alice");
    }

    function test_initialize_mintsInitialSupplyToTreasury() public view {
        assertEq(token.name(), "Symbiote");
        assertEq(token.symbol(), "SYM");
        assertEq(token.totalSupply(), INITIAL_SUPPLY);
        assertEq(token.balanceOf(treasury), INITIAL_SUPPLY);
        assertEq(token.cap(), SUPPLY_CAP);
        assertEq(token.owner(), address(timelock));
    }

    function test_RevertWhen_initializeWithZeroTreasury() public {
        SymbioteToken implementation = new SymbioteToken();
        vm.expectRevert(ISymbioteToken.TokenZeroAddress.selector);
        _proxy(
            address(implementation),
            abi.encodeCall(SymbioteToken.initialize, ("S", "S", address(0), 1, 2, address(timelock)))
        );
    }

    function test_RevertWhen_initializeWithZeroGovernance() public {
        SymbioteToken implementation = new SymbioteToken();
        vm.expectRevert(ISymbioteToken.TokenZeroAddress.selector);
        _proxy(
            address(implementation), abi.encodeCall(SymbioteToken.initialize, ("S", "S", treasury, 1, 2, address(0)))
        );
    }

    function test_RevertWhen_initialSupplyAboveCap() public {
        SymbioteToken implementation = new SymbioteToken();
        vm.expectRevert(abi.encodeWithSelector(ISymbioteToken.TokenInitialSupplyAboveCap.selector, 3, 2));
        _proxy(
            address(implementation),
            abi.encodeCall(SymbioteToken.initialize, ("S", "S", treasury, 3, 2, address(timelock)))
        );
    }

    function test_RevertWhen_initializingTheImplementation() public {
        SymbioteToken implementation = new SymbioteToken();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize("S", "S", treasury, 1, 2, address(timelock));
    }

    function test_RevertWhen_initializingTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        token.initialize("S", "S", treasury, 1, 2, outsider);
    }

    function test_mint_byGovernanceWithinCap() public {
        vm.prank(address(timelock));
        token.mint(alice, 5 ether);
        assertEq(token.balanceOf(alice), 5 ether);
        assertEq(token.totalSupply(), INITIAL_SUPPLY + 5 ether);
    }

    function test_mint_upToExactlyTheCap() public {
        uint256 room = SUPPLY_CAP - INITIAL_SUPPLY;
        vm.prank(address(timelock));
        token.mint(alice, room);
        assertEq(token.totalSupply(), SUPPLY_CAP);
    }

    function test_RevertWhen_mintAboveCap() public {
        uint256 room = SUPPLY_CAP - INITIAL_SUPPLY;
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(ERC20CappedUpgradeable.ERC20ExceededCap.selector, SUPPLY_CAP + 1, SUPPLY_CAP)
        );
        token.mint(alice, room + 1);
        assertEq(token.totalSupply(), INITIAL_SUPPLY);
    }

    function test_RevertWhen_mintByOutsider() public {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, outsider));
        token.mint(outsider, 1);
        assertEq(token.balanceOf(outsider), 0);
    }

    function test_RevertWhen_mintZero() public {
        vm.prank(address(timelock));
        vm.expectRevert(ISymbioteToken.TokenZeroAmount.selector);
        token.mint(alice, 0);
    }

    function test_RevertWhen_mintToZeroAddress() public {
        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        token.mint(address(0), 1);
    }

    function test_permit_setsAllowanceFromSignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _permitDigest(alice, outsider, 7 ether, token.nonces(alice), deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        token.permit(alice, outsider, 7 ether, deadline, v, r, s);
        assertEq(token.allowance(alice, outsider), 7 ether);
        assertEq(token.nonces(alice), 1);
    }

    function test_RevertWhen_permitReplayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _permitDigest(alice, outsider, 7 ether, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        token.permit(alice, outsider, 7 ether, deadline, v, r, s);
        // The nonce moved on, so the same signature now recovers to some other address.
        vm.expectPartialRevert(ERC20PermitUpgradeable.ERC2612InvalidSigner.selector);
        token.permit(alice, outsider, 7 ether, deadline, v, r, s);
        assertEq(token.nonces(alice), 1);
    }

    function test_upgrade_byGovernanceKeepsBalances() public {
        _fund(alice, 42 ether);
        address implementation = address(new SymbioteTokenV2());
        vm.prank(address(timelock));
        token.upgradeToAndCall(implementation, "");
        assertEq(SymbioteTokenV2(address(token)).version(), "2");
        assertEq(token.balanceOf(alice), 42 ether);
        assertEq(token.totalSupply(), INITIAL_SUPPLY);
        assertEq(token.owner(), address(timelock));
    }

    function test_RevertWhen_upgradeByOutsider() public {
        address implementation = address(new SymbioteTokenV2());
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, outsider));
        token.upgradeToAndCall(implementation, "");
    }

    function testFuzz_mint_neverExceedsCap(uint256 amount) public {
        amount = bound(amount, 1, SUPPLY_CAP);
        uint256 room = SUPPLY_CAP - INITIAL_SUPPLY;
        vm.prank(address(timelock));
        if (amount > room) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ERC20CappedUpgradeable.ERC20ExceededCap.selector, INITIAL_SUPPLY + amount, SUPPLY_CAP
                )
            );
        }
        token.mint(alice, amount);
        assertLe(token.totalSupply(), SUPPLY_CAP);
    }

    function _permitDigest(address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        private
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                nonce,
                deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }
}
