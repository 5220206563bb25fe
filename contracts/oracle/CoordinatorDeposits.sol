// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CoordinatorDeposits
/// @notice Prepaid balances (as Chainlink's subscriptions): tokens deposited once, from which requests are paid
/// without a token transfer each. Only an account itself withdraws its balance.
/// @dev An external library the coordinator delegates to (on its own storage); the request path debits the balance
/// in the coordinator itself. Each function writes its state before (withdraw) or after (deposit) one transfer of the
/// protocol token, a plain ERC-20 without hooks, so no reentrancy guard is needed.
library CoordinatorDeposits {
    using SafeERC20 for *;

    /// @notice Pulls `amount` tokens from the caller into `account`'s balance.
    function deposit(address account, uint256 amount) external {
        if (account == address(0)) revert IInferenceCoordinator.CoordinatorZeroAddress();
        if (amount == 0) revert IInferenceCoordinator.CoordinatorZeroAmount();
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        $.token.safeTransferFrom(msg.sender, address(this), amount);
        $.deposits[account] += amount;
        emit IInferenceCoordinator.Deposited(account, msg.sender, amount);
    }

    /// @notice Applies the caller's EIP-2612 permit of `value` tokens to the coordinator, on the permit path of a
    /// request (kept here, off the coordinator's own bytecode). A permit already used by a front-runner leaves its
    /// allowance behind: a failing permit is ignored and the transfer decides.
    function tryPermit(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        address token = address(CoordinatorSlot.state().token);
        try IERC20Permit(token).permit(msg.sender, address(this), value, deadline, v, r, s) {} catch {}
    }

    /// @notice Pays `amount` of the caller's own balance to `receiver`.
    function withdraw(uint256 amount, address receiver) external {
        if (receiver == address(0)) revert IInferenceCoordinator.CoordinatorZeroAddress();
        if (amount == 0) revert IInferenceCoordinator.CoordinatorZeroAmount();
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        uint256 available = $.deposits[msg.sender];
        if (available < amount) revert IInferenceCoordinator.CoordinatorDepositTooLow(available, amount);
        $.deposits[msg.sender] = available - amount;
        $.token.safeTransfer(receiver, amount);
        emit IInferenceCoordinator.DepositWithdrawn(msg.sender, receiver, amount);
    }
}
