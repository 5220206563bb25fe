// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice A plain ERC-20 that anyone can mint, standing in for tokens sent to the vault by mistake.
contract StrayToken is ERC20 {
    constructor() ERC20("Stray", "STRAY") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice The governance fixture plus what the staking tests share: a slasher holding SLASHER_ROLE and a notifier
/// holding REWARD_NOTIFIER_ROLE (granted by the timelock, as a governance proposal would), reward funding, operator
/// registration and permit signing.
abstract contract StakingFixture is GovernanceFixture {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    address internal slasher = makeAddr("slasher");
    address internal notifier = makeAddr("notifier");
    address internal outsider = makeAddr("outsider");

    function _deployStaking() internal {
        _deployGovernance();
        bytes32 slasherRole = vault.SLASHER_ROLE();
        bytes32 notifierRole = vault.REWARD_NOTIFIER_ROLE();
        vm.startPrank(address(timelock));
        vault.grantRole(slasherRole, slasher);
        vault.grantRole(notifierRole, notifier);
        vm.stopPrank();
    }

    /// @dev Funds the notifier from the treasury and notifies `amount` of rewards, closing the distribution interval.
    function _notify(uint256 amount) internal {
        _prepareNotify(amount);
        vm.prank(notifier);
        vault.notifyReward(amount);
    }

    /// @dev Funds the notifier and approves the vault, so that the next call can be the notification itself.
    function _prepareNotify(uint256 amount) internal {
        _fund(notifier, amount);
        vm.prank(notifier);
        token.approve(address(vault), amount);
    }

    function _slash(address account, uint256 amount, address recipient) internal returns (uint256) {
        vm.prank(slasher);
        return vault.slash(account, amount, recipient);
    }

    function _unstake(address account, uint256 amount) internal {
        vm.prank(account);
        vault.requestUnstake(amount);
    }

    /// @dev A compressed secp256k1 public key: 0x02 prefix and a 32-byte x coordinate derived from `seed`.
    function _publicKey(uint256 seed) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x02), keccak256(abi.encode(seed)));
    }

    function _register(address operator) internal {
        vm.prank(operator);
        vault.registerOperator("https://operator.example/v1", _publicKey(uint160(operator)));
    }

    /// @dev Stakes `amount` for `operator` and registers it.
    function _stakeAndRegister(address operator, uint256 amount) internal {
        _fundAndStake(operator, amount);
        _register(operator);
    }

    function _signPermit(uint256 ownerKey, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        address owner = vm.addr(ownerKey);
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, token.nonces(owner), deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(ownerKey, digest);
    }

    /// @dev The accounting identity the vault promises: every token it holds is owed to someone.
    function _assertSolvent() internal view {
        assertEq(
            token.balanceOf(address(vault)),
            vault.totalActiveStake() + vault.totalCooldownStake() + vault.rewardsOutstanding(),
            "vault balance != active + cooldown + rewardsOutstanding"
        );
    }

    /// @dev A fingerprint of everything a vault call could change for `account`, to show that a reverted call
    /// changed nothing.
    function _stateOf(address account) internal view returns (bytes32) {
        (uint256 cooling, uint64 unlockAt) = vault.cooldownOf(account);
        bytes memory global = abi.encode(
            token.balanceOf(address(vault)),
            vault.totalActiveStake(),
            vault.totalCooldownStake(),
            vault.rewardsOutstanding(),
            vault.rewardPerToken(),
            vault.cooldown(),
            vault.minOperatorStake(),
            vault.totalOperatorWeight(),
            vault.totalMaturingStake(),
            vault.currentInterval()
        );
        bytes memory local = abi.encode(
            token.balanceOf(account),
            vault.activeStakeOf(account),
            cooling,
            unlockAt,
            vault.getVotes(account),
            vault.delegates(account),
            vault.earned(account),
            vault.operatorWeight(account),
            vault.maturingStakeOf(account)
        );
        return keccak256(abi.encode(global, local));
    }
}
