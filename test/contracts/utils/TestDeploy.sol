// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Deploy} from "../../../script/Deploy.s.sol";

/// @notice The deployment script itself, with the coordinator proxy placed at the address the proof fixtures are bound
/// to (test/fixtures/coordinator/generate.ts): every other contract, right and registration is wired by
/// `Deploy.deploy`, exactly as on a real chain.
contract TestDeploy is Deploy {
    /// @notice The address the fixtures' proofs bind to (ProofBinding: chain id, coordinator, request id, operator).
    address public constant COORDINATOR = 0x00000000000000000000000000000000C0DE0001;

    function _coordinatorAddress() internal pure override returns (address) {
        return COORDINATOR;
    }

    /// @dev Runs the proxy's constructor at COORDINATOR (as forge-std's deployCodeTo does): the creation code is
    /// placed there and called, and the runtime code it returns replaces it.
    function _deployCoordinatorProxy(address implementation, bytes memory initCall)
        internal
        override
        returns (address)
    {
        bytes memory creation = abi.encodePacked(
            vm.getCode("ERC1967Proxy.sol:ERC1967Proxy"), abi.encode(implementation, initCall)
        );
        vm.etch(COORDINATOR, creation);
        (bool ok, bytes memory runtime) = COORDINATOR.call("");
        require(ok, "the coordinator proxy's constructor reverted");
        vm.etch(COORDINATOR, runtime);
        return COORDINATOR;
    }
}
