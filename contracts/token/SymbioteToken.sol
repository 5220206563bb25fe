// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {
    ERC20CappedUpgradeable
} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20CappedUpgradeable.sol";
import {
    ERC20PermitUpgradeable
} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {ISymbioteToken} from "../interfaces/ISymbioteToken.sol";

/// @title SymbioteToken
/// @notice The governance and fee token. The whole initial supply goes to the treasury at initialization; later
/// minting is capped and only governance (the timelock, the owner) can do it. Votes come from staking it in the
/// StakingVault, not from holding it, so a flash loan of the token carries no voting power.
contract SymbioteToken is
    Initializable,
    ERC20Upgradeable,
    ERC20PermitUpgradeable,
    ERC20CappedUpgradeable,
    OwnableUpgradeable,
    UUPSUpgradeable,
    ISymbioteToken
{
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the token behind its proxy.
    /// @param name_ ERC-20 name.
    /// @param symbol_ ERC-20 symbol.
    /// @param treasury Receives the initial supply.
    /// @param initialSupply Tokens minted to the treasury now (≤ cap).
    /// @param cap_ Maximum total supply, ever.
    /// @param governance Owner: the only account that can mint and upgrade (the timelock).
    function initialize(
        string calldata name_,
        string calldata symbol_,
        address treasury,
        uint256 initialSupply,
        uint256 cap_,
        address governance
    ) external initializer {
        if (treasury == address(0) || governance == address(0)) revert TokenZeroAddress();
        if (initialSupply > cap_) revert TokenInitialSupplyAboveCap(initialSupply, cap_);
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
        __ERC20Capped_init(cap_);
        __Ownable_init(governance);
        if (initialSupply != 0) _mint(treasury, initialSupply);
    }

    /// @inheritdoc ISymbioteToken
    function mint(address to, uint256 amount) external onlyOwner {
        if (amount == 0) revert TokenZeroAmount();
        // ERC20Capped reverts with ERC20ExceededCap(increasedSupply, cap) beyond the cap; ERC20 with
        // ERC20InvalidReceiver(address(0)) for the zero address.
        _mint(to, amount);
    }

    /// @inheritdoc ISymbioteToken
    function cap() public view override(ERC20CappedUpgradeable, ISymbioteToken) returns (uint256) {
        return super.cap();
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20PermitUpgradeable, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value)
        internal
        override(ERC20Upgradeable, ERC20CappedUpgradeable)
    {
        super._update(from, to, value);
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
