// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {ConsentWord} from "../libraries/ConsentWord.sol";
import {GrantRules} from "../libraries/GrantRules.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";

/// @title CoordinatorConsent
/// @notice The coordinator's consent ledger for committed inputs (see ConsentWord): what the request path does when an
/// entry is not copied yet or a request is refused, and the DataRegistry's writes.
/// @dev An external library the coordinator delegates to (on its own storage), off the request path's common case.
/// The ledger moved from the DataRegistry without voiding anything given before: an entry the coordinator has not
/// copied is read from the DataRegistry at its first use (its record is exact until then, since only the coordinator
/// counts uses once bound), and from the binding on the DataRegistry writes every change here in the same transaction.
library CoordinatorConsent {
    /// @notice Checks a committed-input request by `requester` on `owner`'s `commitment` for `modelId`, counts the use
    /// of the grant it rests on, and returns the node that must serve it; reverts with the DataRegistry's refusal.
    /// Before the DataRegistry is bound to this coordinator, its own ledger decides, as it always did.
    function use(address owner, address requester, uint256 modelId, uint256 commitment) external returns (address) {
        IDataRegistry data = CoordinatorSlot.state().dataRegistry;
        if (data.boundCoordinator() != address(this)) {
            return data.useCommittedInput(owner, requester, modelId, commitment);
        }
        mapping(bytes32 => uint256) storage ledger = CoordinatorSlot.state().consent[owner];
        bytes32 entry = ConsentWord.inputEntry(commitment);
        uint256 input = ledger[entry];
        if (input == 0) ledger[entry] = input = ConsentWord.input(data.isInputCommitmentRegistered(owner, commitment));
        if (input != ConsentWord.REGISTERED_INPUT) {
            revert IDataRegistry.DataRegistryInputNotRegistered(owner, commitment);
        }
        uint256 node = ledger[ConsentWord.NODE_ENTRY];
        if (node == 0) ledger[ConsentWord.NODE_ENTRY] = node = ConsentWord.node(data.dataNodeOf(owner));
        if (requester != owner) {
            entry = ConsentWord.grantEntry(requester, modelId);
            uint256 grant = ledger[entry];
            if (grant & ConsentWord.COPIED == 0) {
                grant = ConsentWord.fromGrant(data.grantOf(owner, requester, modelId));
            }
            GrantRules.checkUsable(ConsentWord.toGrant(grant), owner, requester, modelId);
            ledger[entry] = grant + ConsentWord.ONE_USE;
        }
        return ConsentWord.nodeOf(node);
    }

    /// @notice Writes an entry of `owner`'s ledger. The bound DataRegistry only (this runs with the coordinator's
    /// caller).
    function write(address owner, bytes32 entry, uint256 word) external {
        address dataRegistry = address(CoordinatorSlot.state().dataRegistry);
        if (msg.sender != dataRegistry) revert IInferenceCoordinator.CoordinatorNotDataRegistry(msg.sender);
        CoordinatorSlot.state().consent[owner][entry] = word;
    }
}
