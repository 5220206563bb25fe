// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOperatorVault} from "../interfaces/IOperatorVault.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {FeeSplitMath} from "../libraries/FeeSplitMath.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {FeeShares, ServiceParams} from "../types/InferenceTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {ProtocolFeeWord} from "./ProtocolFeeWord.sol";

/// @title CoordinatorConfig
/// @notice The coordinator's governable parameters and the rules that bind them to each other and to the vault.
/// @dev An external library the coordinator delegates to (on its own storage) after checking the caller's role; it
/// keeps rarely run code outside the coordinator's EIP-170 budget.
library CoordinatorConfig {
    using SafeERC20 for IERC20;

    /// @notice Sets the coordinator's dependencies and parameters at initialization, called with the coordinator's own
    /// `initialize` arguments: `deps` holds the token, model registry, vault, data registry, DataRewards, randomness
    /// source and treasury (InferenceCoordinator.Dependencies), none of them zero; `governance` got its role there.
    function initialize(
        address[7] calldata deps,
        address, /* governance */
        FeeShares calldata shares,
        ServiceParams calldata params,
        uint96 callbackFeePerGas
    ) external {
        for (uint256 i; i < deps.length; ++i) {
            if (deps[i] == address(0)) revert IInferenceCoordinator.CoordinatorZeroAddress();
        }
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        $.token = IERC20(deps[0]);
        $.registry = IModelRegistry(deps[1]);
        $.vault = IOperatorVault(deps[2]);
        $.dataRegistry = IDataRegistry(deps[3]);
        $.randomness = IRandomnessSource(deps[5]);
        $.treasury = deps[6];
        setDataRewards(deps[4]);
        // The vault pulls the stakers' share on notifyReward.
        IERC20(deps[0]).forceApprove(deps[2], type(uint256).max);
        setFeeShares(shares);
        setServiceParams(params);
        setCallbackFeePerGas(callbackFeePerGas);
    }

    /// @notice Points the coordinator at a new randomness source; the next request opens a new round and asks it for
    /// its seed.
    function setRandomnessSource(address source) external {
        if (source == address(0)) revert IInferenceCoordinator.CoordinatorZeroAddress();
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        $.randomness = IRandomnessSource(source);
        $.roundStartBlock = 0;
        emit IInferenceCoordinator.DependencyUpdated("randomness", source);
    }

    /// @notice Sets what a requester pays per unit of callback gas it asks for.
    function setCallbackFeePerGas(uint96 feePerGas) public {
        migrateRequestWord();
        CoordinatorSlot.state().requestWord.callbackFeePerGas = feePerGas;
        emit IInferenceCoordinator.CallbackFeePerGasUpdated(feePerGas);
    }

    /// @notice Sets the treasury.
    function setTreasury(address treasury) external {
        if (treasury == address(0)) revert IInferenceCoordinator.CoordinatorZeroAddress();
        CoordinatorSlot.state().treasury = treasury;
        emit IInferenceCoordinator.DependencyUpdated("treasury", treasury);
    }

    /// @notice Sets the fee split; the shares must sum to exactly 10,000 basis points.
    function setFeeShares(FeeShares calldata shares) public {
        uint256 sum = FeeSplitMath.total(shares);
        if (sum != ProtocolConstants.BPS) revert IInferenceCoordinator.CoordinatorBadFeeShares(sum);
        CoordinatorSlot.state().feeShares = shares;
        ProtocolFeeWord.setShares(shares);
        emit IInferenceCoordinator.FeeSharesUpdated(shares);
    }

    /// @notice Sets timing, callback gas, slashing and round parameters, each in range and all consistent with the
    /// vault's unstake cooldown.
    function setServiceParams(ServiceParams calldata params) public {
        if (params.requestTimeout == 0) {
            revert IInferenceCoordinator.CoordinatorBadServiceParams("request timeout is zero");
        }
        if (params.exclusiveWindow >= params.requestTimeout) {
            revert IInferenceCoordinator.CoordinatorBadServiceParams("exclusive window not shorter than the timeout");
        }
        if (params.maxCallbackGas > ProtocolConstants.MAX_CALLBACK_GAS) {
            revert IInferenceCoordinator.CoordinatorBadServiceParams("callback gas above the hard cap");
        }
        if (params.roundBlocks == 0) revert IInferenceCoordinator.CoordinatorBadServiceParams("round of zero blocks");
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        $.serviceParams = params;
        migrateRequestWord();
        $.requestWord.maxCallbackGas = params.maxCallbackGas;
        $.requestWord.requestTimeout = params.requestTimeout;
        $.requestWord.roundBlocks = params.roundBlocks;
        // The operator a request slashes must not be able to withdraw the stake that bonded it before the slash.
        uint64 cooldown = $.vault.cooldown();
        uint64 exposure = params.requestTimeout + ProtocolConstants.SLASH_GRACE;
        if (cooldown < exposure) revert IInferenceCoordinator.CoordinatorCooldownBelowExposure(exposure, cooldown);
        emit IInferenceCoordinator.ServiceParamsUpdated(params);
    }

    /// @notice Copies the request path's counter and parameters into their one slot (CoordinatorStorage.RequestWord)
    /// from the three slots that held them, once, in a coordinator upgraded from that layout. Run by the first request
    /// or parameter change after the upgrade; the upgrade itself should run it too, through
    /// `upgradeToAndCall(implementation, setCallbackFeePerGas(current fee))`, so that the views read the word at once.
    function migrateRequestWord() public {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        if ($.requestWord.migrated) return;
        $.requestWord = CoordinatorStorage.RequestWord({
            requestCount: SafeCast.toUint64($.requestCount),
            callbackFeePerGas: $.callbackFeePerGas,
            maxCallbackGas: $.serviceParams.maxCallbackGas,
            requestTimeout: $.serviceParams.requestTimeout,
            roundBlocks: $.serviceParams.roundBlocks,
            migrated: true
        });
    }

    /// @notice Points the data share at `dataRewards`, which pulls each flushed share, and revokes the previous one.
    function setDataRewards(address dataRewards) public {
        if (dataRewards == address(0)) revert IInferenceCoordinator.CoordinatorZeroAddress();
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        address previous = $.dataRewards;
        if (previous != address(0)) $.token.forceApprove(previous, 0);
        $.dataRewards = dataRewards;
        $.token.forceApprove(dataRewards, type(uint256).max);
        emit IInferenceCoordinator.DependencyUpdated("dataRewards", dataRewards);
    }
}
