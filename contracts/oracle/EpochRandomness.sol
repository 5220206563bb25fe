// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VRFConsumerBaseV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/VRFConsumerBaseV2Plus.sol";
import {VRFV2PlusClient} from "@chainlink/contracts/src/v0.8/vrf/dev/libraries/VRFV2PlusClient.sol";

import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";

/// @title EpochRandomness
/// @notice One Chainlink VRF v2.5 seed per assignment round for the inference coordinator's operator assignment.
/// @dev A round's seed is requested by the round's first request; the VRF coordinator answers no sooner than
/// `requestConfirmations` blocks later, and the coordinator closes a round after at most that many blocks, so every
/// request of a round was made before anyone but the VRF node could know its seed.
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

    /// @notice A seed was requested for `round`.
    event SeedRequested(uint64 indexed round, uint256 indexed vrfRequestId);
    /// @notice The seed of `round` arrived.
    event SeedFulfilled(uint64 indexed round, uint256 indexed vrfRequestId, uint256 seed);
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

    /// @dev A seed and its arrival time in one slot: 192 bits of VRF output are plenty to draw operators with.
    struct Seed {
        uint192 value;
        uint64 arrivedAt;
    }

    VrfConfig private _config;
    mapping(uint64 round => Seed) private _seeds;
    mapping(uint64 round => uint256) private _requestOfRound;
    // Round + 1, so that 0 means "not ours".
    mapping(uint256 vrfRequestId => uint64) private _roundPlusOneOf;

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
    function requestSeed(uint64 round) external returns (bool requested) {
        if (msg.sender != consumer) revert RandomnessOnlyConsumer(msg.sender);
        if (_requestOfRound[round] != 0 || _seeds[round].value != 0) return false;
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
        _requestOfRound[round] = vrfRequestId;
        _roundPlusOneOf[vrfRequestId] = round + 1;
        emit SeedRequested(round, vrfRequestId);
        return true;
    }

    /// @notice Sets the VRF request parameters. Owner only.
    /// @param config The new parameters.
    function setVrfConfig(VrfConfig calldata config) external onlyOwner {
        _config = config;
        emit VrfConfigUpdated(config);
    }

    /// @inheritdoc IRandomnessSource
    function seedOf(uint64 round) external view returns (uint256) {
        return _seeds[round].value;
    }

    /// @inheritdoc IRandomnessSource
    function seedInfo(uint64 round) external view returns (uint256 seed, uint64 arrivedAt) {
        Seed memory stored = _seeds[round];
        return (stored.value, stored.arrivedAt);
    }

    /// @notice The VRF request made for `round` (0 if none).
    function vrfRequestOf(uint64 round) external view returns (uint256) {
        return _requestOfRound[round];
    }

    /// @notice The current VRF request parameters.
    function vrfConfig() external view returns (VrfConfig memory) {
        return _config;
    }

    function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal override {
        uint64 roundPlusOne = _roundPlusOneOf[requestId];
        if (roundPlusOne == 0) revert RandomnessUnknownRequest(requestId);
        uint64 round = roundPlusOne - 1;
        // A seed of 0 would read as "not yet known"; forcing the low bit costs one bit of entropy.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint192 seed = uint192(randomWords[0]) | 1; // the low 192 bits of a uniform word are uniform
        _seeds[round] = Seed({value: seed, arrivedAt: uint64(block.timestamp)});
        emit SeedFulfilled(round, requestId, seed);
    }
}
