// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VRFConsumerBaseV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/VRFConsumerBaseV2Plus.sol";
import {VRFV2PlusClient} from "@chainlink/contracts/src/v0.8/vrf/dev/libraries/VRFV2PlusClient.sol";

import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";

/// @title EpochRandomness
/// @notice One Chainlink VRF v2.5 seed per epoch for the inference coordinator's operator assignment.
/// @dev Not behind a proxy: VRFConsumerBaseV2Plus keeps its coordinator and owner in constructor-set storage. The
/// coordinator reads it through IRandomnessSource, so governance replaces it by pointing the coordinator elsewhere.
/// The owner (governance, after deployment) sets the VRF configuration and may migrate the VRF coordinator.
contract EpochRandomness is VRFConsumerBaseV2Plus, IRandomnessSource {
    /// @notice VRF request parameters.
    struct VrfConfig {
        bytes32 keyHash;
        uint256 subscriptionId;
        uint16 requestConfirmations;
        uint32 callbackGasLimit;
        bool nativePayment;
    }

    /// @notice A seed was requested for `epoch`.
    event SeedRequested(uint64 indexed epoch, uint256 indexed vrfRequestId);
    /// @notice The seed of `epoch` arrived.
    event SeedFulfilled(uint64 indexed epoch, uint256 indexed vrfRequestId, uint256 seed);
    /// @notice The owner changed the VRF configuration.
    event VrfConfigUpdated(VrfConfig config);

    /// @dev Only the inference coordinator may request seeds; `caller` tried.
    error RandomnessOnlyConsumer(address caller);
    /// @dev A VRF response arrived for a request this contract did not make.
    error RandomnessUnknownRequest(uint256 vrfRequestId);
    /// @dev The zero address was given for the consumer.
    error RandomnessZeroConsumer();

    /// @notice The inference coordinator (proxy) allowed to request seeds.
    address public immutable consumer;

    VrfConfig private _config;
    mapping(uint64 epoch => uint256) private _seeds;
    mapping(uint64 epoch => uint256) private _requestOfEpoch;
    // Epoch + 1, so that 0 means "not ours".
    mapping(uint256 vrfRequestId => uint64) private _epochPlusOneOf;

    /// @param vrfCoordinator The Chainlink VRF v2.5 coordinator.
    /// @param consumer_ The inference coordinator.
    /// @param config The VRF request parameters.
    constructor(address vrfCoordinator, address consumer_, VrfConfig memory config)
        VRFConsumerBaseV2Plus(vrfCoordinator)
    {
        if (consumer_ == address(0)) revert RandomnessZeroConsumer();
        consumer = consumer_;
        _config = config;
        emit VrfConfigUpdated(config);
    }

    /// @inheritdoc IRandomnessSource
    function requestSeed(uint64 epoch) external returns (bool requested) {
        if (msg.sender != consumer) revert RandomnessOnlyConsumer(msg.sender);
        if (_requestOfEpoch[epoch] != 0 || _seeds[epoch] != 0) return false;
        VrfConfig memory config = _config;
        uint256 vrfRequestId = s_vrfCoordinator.requestRandomWords(
            VRFV2PlusClient.RandomWordsRequest({
                keyHash: config.keyHash,
                subId: config.subscriptionId,
                requestConfirmations: config.requestConfirmations,
                callbackGasLimit: config.callbackGasLimit,
                numWords: 1,
                extraArgs: VRFV2PlusClient._argsToBytes(
                    VRFV2PlusClient.ExtraArgsV1({nativePayment: config.nativePayment})
                )
            })
        );
        _requestOfEpoch[epoch] = vrfRequestId;
        _epochPlusOneOf[vrfRequestId] = epoch + 1;
        emit SeedRequested(epoch, vrfRequestId);
        return true;
    }

    /// @notice Sets the VRF request parameters. Owner only.
    /// @param config The new parameters.
    function setVrfConfig(VrfConfig calldata config) external onlyOwner {
        _config = config;
        emit VrfConfigUpdated(config);
    }

    /// @inheritdoc IRandomnessSource
    function seedOf(uint64 epoch) external view returns (uint256) {
        return _seeds[epoch];
    }

    /// @notice The VRF request made for `epoch` (0 if none).
    function vrfRequestOf(uint64 epoch) external view returns (uint256) {
        return _requestOfEpoch[epoch];
    }

    /// @notice The current VRF request parameters.
    function vrfConfig() external view returns (VrfConfig memory) {
        return _config;
    }

    function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal override {
        uint64 epochPlusOne = _epochPlusOneOf[requestId];
        if (epochPlusOne == 0) revert RandomnessUnknownRequest(requestId);
        uint64 epoch = epochPlusOne - 1;
        // A seed of 0 would read as "not yet known"; forcing the low bit costs one bit of entropy.
        uint256 seed = randomWords[0] | 1;
        _seeds[epoch] = seed;
        emit SeedFulfilled(epoch, requestId, seed);
    }
}
