// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {RequestParams} from "../types/InferenceTypes.sol";
import {InputMode} from "../types/ModelTypes.sol";
import {InferenceConsumer} from "./InferenceConsumer.sol";
import {InferenceOutputs} from "./InferenceOutputs.sol";

/// @title RecommendationFeed
/// @notice Stores each user's top-3 items from a Symbiote recommender, proven against the committed item table, so
/// a front end (or another contract) can show recommendations anyone can audit.
contract RecommendationFeed is InferenceConsumer, Ownable {
    /// @notice Gas reserved for `onInferenceResult`: a first update writes five fresh slots.
    uint32 public constant CALLBACK_GAS = 250_000;

    /// @notice One user's latest recommendations, best first.
    struct Recommendations {
        uint256 requestId;
        uint64 updatedAt;
        uint8[3] items;
        int256[3] scores;
    }

    /// @notice The recommender model.
    uint256 public immutable modelId;

    mapping(address user => Recommendations) private _feeds;
    mapping(uint256 requestId => address user) private _userOf;

    /// @notice Recommendations were requested for `user`.
    event RecommendationsRequested(address indexed user, uint256 indexed requestId);
    /// @notice `user`'s recommendations were updated.
    event RecommendationsUpdated(address indexed user, uint256 indexed requestId, uint8[3] items, int256[3] scores);

    /// @param coordinator_ The inference coordinator.
    /// @param feeToken_ The protocol token.
    /// @param modelId_ The recommender model.
    /// @param owner_ The feed operator: requests for users and funds the fees.
    constructor(address coordinator_, address feeToken_, uint256 modelId_, address owner_)
        InferenceConsumer(coordinator_, feeToken_)
        Ownable(owner_)
    {
        modelId = modelId_;
    }

    /// @notice Requests `user`'s top-3 from their embedding: packed public words, or (committed) one commitment with
    /// the user as data owner, proven on the user's own node. Owner only.
    /// @param user The user.
    /// @param inputMode Public or committed.
    /// @param inputWords The packed embedding words, or the embedding commitment.
    /// @param maxFee The most the feed pays.
    /// @return requestId The coordinator's request id.
    function requestRecommendations(address user, InputMode inputMode, uint256[] calldata inputWords, uint96 maxFee)
        external
        onlyOwner
        returns (uint256 requestId)
    {
        requestId = _requestInference(
            RequestParams({
                modelId: modelId,
                version: 0,
                inputMode: inputMode,
                inputWords: inputWords,
                dataOwner: inputMode == InputMode.Committed ? user : address(0),
                callbackGasLimit: CALLBACK_GAS,
                maxFee: maxFee
            })
        );
        _userOf[requestId] = user;
        emit RecommendationsRequested(user, requestId);
    }

    /// @notice `user`'s latest recommendations.
    function recommendationsOf(address user) external view returns (Recommendations memory) {
        return _feeds[user];
    }

    function _onResult(uint256 requestId, uint256[] calldata outputs) internal override {
        address user = _userOf[requestId];
        if (user == address(0)) return;
        (uint8[3] memory items, int256[3] memory scores) = InferenceOutputs.topItems(outputs);
        Recommendations storage feed = _feeds[user];
        // Results can arrive out of order; keep the newest request's.
        if (requestId < feed.requestId) return;
        feed.requestId = requestId;
        feed.updatedAt = uint64(block.timestamp);
        feed.items = items;
        feed.scores = scores;
        emit RecommendationsUpdated(user, requestId, items, scores);
    }
}
