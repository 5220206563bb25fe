// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DataRegistry} from "../../../contracts/data/DataRegistry.sol";
import {Consent} from "../../../contracts/types/DataTypes.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice The governance fixture plus a DataRegistry behind a proxy, administered by the timelock, with the grant
/// consumer role given to a stand-in coordinator as a governance proposal would.
abstract contract DataFixture is GovernanceFixture {
    /// @dev A realistic start time, so that lookups at `timestamp - 1` are meaningful.
    uint256 internal constant START = 1_700_000_000;
    string internal constant URI = "ipfs://bafy-dataset/license.json";

    DataRegistry internal dataRegistry;
    address internal coordinator = makeAddr("coordinator");
    address internal outsider = makeAddr("outsider");

    bytes32 internal adminRole;
    bytes32 internal consumerRole;

    function _deployDataRegistry() internal {
        _deployGovernance();
        dataRegistry = DataRegistry(
            _proxy(address(new DataRegistry()), abi.encodeCall(DataRegistry.initialize, (address(timelock))))
        );
        adminRole = dataRegistry.DEFAULT_ADMIN_ROLE();
        consumerRole = dataRegistry.GRANT_CONSUMER_ROLE();
        vm.prank(address(timelock));
        dataRegistry.grantRole(consumerRole, coordinator);
    }

    function _consentAll(bool training, bool inference) internal pure returns (Consent memory) {
        return Consent({training: training, inference: inference, allModels: true, modelIds: new uint256[](0)});
    }

    function _consentFor(bool training, bool inference, uint256[] memory modelIds)
        internal
        pure
        returns (Consent memory)
    {
        return Consent({training: training, inference: inference, allModels: false, modelIds: modelIds});
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (a, b);
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
    }

    /// @dev Registers a contribution for `owner` with the given consent; the commitment is derived from `seed`.
    function _contribute(address owner, uint256 seed, Consent memory consent)
        internal
        returns (uint256 contributionId)
    {
        vm.prank(owner);
        contributionId = dataRegistry.registerContribution(keccak256(abi.encode("dataset", seed)), URI, consent);
    }

    function _setConsent(address owner, uint256 contributionId, Consent memory consent) internal {
        vm.prank(owner);
        dataRegistry.setConsent(contributionId, consent);
    }
}
