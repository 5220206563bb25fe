// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {RequestParams} from "../types/InferenceTypes.sol";
import {InputMode} from "../types/ModelTypes.sol";
import {InferenceConsumer} from "./InferenceConsumer.sol";
import {InferenceOutputs} from "./InferenceOutputs.sol";
import {PriceFeatures} from "./PriceFeatures.sol";

/// @title MarketSignalVault
/// @notice A vault that sets its risk allocation from a Symbiote MLP's market signal. The features come from a
/// Chainlink price feed and go on chain as public inputs, so anyone can check that the signal was computed from
/// exactly those prices by exactly the registered model.
contract MarketSignalVault is InferenceConsumer, Ownable {
    /// @notice Gas reserved for `onInferenceResult`.
    uint32 public constant CALLBACK_GAS = 150_000;

    /// @notice The price feed the features are read from.
    AggregatorV3Interface public immutable priceFeed;
    /// @notice The MLP model (4 classes: strong sell, sell, buy, strong buy).
    uint256 public immutable modelId;

    /// @notice Risk allocation, in basis points, per class.
    uint16[4] public allocationByClass = [uint16(0), 2500, 7500, 10_000];
    /// @notice The current risk allocation in basis points.
    uint16 public riskAllocationBps;
    /// @notice The latest signal: class and logits.
    uint8 public lastClass;
    int256[4] public lastLogits;
    /// @notice The request whose answer the vault is waiting for (0 if none).
    uint256 public pendingRequest;

    /// @notice A signal was requested on `featureWords`.
    event SignalRequested(uint256 indexed requestId, uint256[] featureWords);
    /// @notice The vault moved to `riskAllocationBps` on class `class`.
    event Rebalanced(uint256 indexed requestId, uint8 class, uint16 riskAllocationBps);

    /// @param coordinator_ The inference coordinator.
    /// @param feeToken_ The protocol token.
    /// @param priceFeed_ The Chainlink price feed.
    /// @param modelId_ The MLP model.
    /// @param owner_ Who may request signals (and funds the fees).
    constructor(address coordinator_, address feeToken_, address priceFeed_, uint256 modelId_, address owner_)
        InferenceConsumer(coordinator_, feeToken_)
        Ownable(owner_)
    {
        if (priceFeed_ == address(0)) revert ConsumerZeroAddress();
        priceFeed = AggregatorV3Interface(priceFeed_);
        modelId = modelId_;
    }

    /// @notice Reads the feed, computes the features and requests the MLP's signal on them. Owner only.
    /// @param maxFee The most the vault pays.
    /// @return requestId The coordinator's request id.
    function requestSignal(uint96 maxFee) external onlyOwner returns (uint256 requestId) {
        uint256[] memory words = currentFeatureWords();
        requestId = _requestInference(
            RequestParams({
                modelId: modelId,
                version: 0,
                inputMode: InputMode.Public,
                inputWords: words,
                dataOwner: address(0),
                callbackGasLimit: CALLBACK_GAS,
                maxFee: maxFee
            })
        );
        pendingRequest = requestId;
        emit SignalRequested(requestId, words);
    }

    /// @notice The packed public feature words for the feed's current state.
    function currentFeatureWords() public view returns (uint256[] memory) {
        return PriceFeatures.pack(PriceFeatures.compute(PriceFeatures.readPrices(priceFeed)));
    }

    /// @notice The current features, raw fixed point (value × 2^16).
    function currentFeatures() external view returns (int256[16] memory) {
        return PriceFeatures.compute(PriceFeatures.readPrices(priceFeed));
    }

    function _onResult(uint256 requestId, uint256[] calldata outputs) internal override {
        if (requestId != pendingRequest) return;
        (uint256 class, int256[4] memory logits) = InferenceOutputs.mlpSignal(outputs);
        pendingRequest = 0;
        // The circuit proves class < 4.
        // forge-lint: disable-next-line(unsafe-typecast)
        lastClass = uint8(class);
        lastLogits = logits;
        riskAllocationBps = allocationByClass[class];
        emit Rebalanced(requestId, lastClass, riskAllocationBps);
    }
}
