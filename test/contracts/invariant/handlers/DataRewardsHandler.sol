// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {DataRegistry} from "../../../../contracts/data/DataRegistry.sol";
import {DataRewards} from "../../../../contracts/data/DataRewards.sol";
import {ModelRegistry} from "../../../../contracts/registry/ModelRegistry.sol";
import {SymbioteToken} from "../../../../contracts/token/SymbioteToken.sol";
import {Consent} from "../../../../contracts/types/DataTypes.sol";
import {VersionParams} from "../../../../contracts/types/ModelTypes.sol";
import {DataMerkle} from "../../utils/DataMerkle.sol";

/// @notice Drives DataRewards with deposits, claims, sweeps, forged claims, ownership transfers, consent changes,
/// new versions and time, and records in ghost variables what the contract should have done.
/// @dev The handler is the depositor (deposits are permissionless) and holds the funds; actors own contributions
/// and receive tokens only through claims, so each actor's balance must equal the claims paid to it. A third of the
/// deposits are tiny (≤ 1e6 wei) and one tree has weights near 1e30, where rounding is coarsest.
// One ghost variable per property checked reads better than packing them into structs.
// solhint-disable-next-line max-states-count
contract DataRewardsHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant MAX_POOLS = 6;

    /// @notice One model version with a training-data tree.
    struct PoolRef {
        uint256 modelId;
        uint32 version;
        uint128 totalWeight;
    }

    DataRewards internal immutable rewards;
    DataRegistry internal immutable dataRegistry;
    ModelRegistry internal immutable registry;
    SymbioteToken internal immutable token;
    address internal immutable modelOwner;

    address[] internal actors;
    PoolRef[] internal pools;
    mapping(uint256 pool => uint256[]) internal poolIds;
    mapping(uint256 pool => uint256[]) internal poolWeights;
    mapping(uint256 pool => bytes32[]) internal poolNodes;
    uint256 public bareModel;
    uint32 public bareVersion;

    /* ---------------------------- ghost variables --------------------------- */

    uint256 public ghostDeposited;
    uint256 public ghostForwarded;
    uint256 public ghostClaimed;
    uint256 public ghostSwept;
    /// @dev What each address received from claims.
    mapping(address account => uint256) public ghostReceived;
    /// @dev Leaves paid to their owner, and leaves swept: no leaf may be both.
    mapping(uint256 pool => mapping(uint256 contributionId => bool)) public ghostClaimedLeaf;
    mapping(uint256 pool => mapping(uint256 contributionId => bool)) public ghostSweptLeaf;
    /// @dev A leaf paid both to its owner and to the treasury: must stay 0.
    uint256 public ghostPayeeFlips;
    /// @dev A claim or sweep with a forged weight or another leaf's proof that paid: must stay 0.
    uint256 public ghostForgeriesPaid;
    /// @dev A claim or sweep that paid other than its view announced, or reverted although the view said it would
    /// pay: must stay 0.
    uint256 public ghostViewMismatches;

    mapping(bytes32 action => uint256) public calls;

    constructor(
        DataRewards rewards_,
        DataRegistry dataRegistry_,
        ModelRegistry registry_,
        SymbioteToken token_,
        address modelOwner_,
        address[] memory actors_
    ) {
        rewards = rewards_;
        dataRegistry = dataRegistry_;
        registry = registry_;
        token = token_;
        modelOwner = modelOwner_;
        actors = actors_;
        token_.approve(address(rewards_), type(uint256).max);
    }

    /* ------------------------------- set-up -------------------------------- */

    function addPool(uint256 modelId, uint32 version, uint256[] calldata ids, uint256[] calldata weights) external {
        uint256 total;
        for (uint256 i; i < weights.length; ++i) {
            total += weights[i];
        }
        pools.push(PoolRef({modelId: modelId, version: version, totalWeight: uint128(total)}));
        uint256 index = pools.length - 1;
        poolIds[index] = ids;
        poolWeights[index] = weights;
        poolNodes[index] = DataMerkle.build(ids, weights);
    }

    function setBareVersion(uint256 modelId, uint32 version) external {
        bareModel = modelId;
        bareVersion = version;
    }

    /* ------------------------------- actions ------------------------------- */

    function deposit(uint256 poolSeed, uint256 amount, bool bare) external {
        uint256 balance = token.balanceOf(address(this));
        if (balance == 0) return;
        amount = amount % 3 == 0 ? bound(amount, 1, 1e6) : bound(amount, 1, 1e22);
        if (amount > balance) amount = balance;
        calls["deposit"]++;
        ghostDeposited += amount;
        if (bare) {
            ghostForwarded += amount;
            rewards.depositReward(bareModel, bareVersion, amount);
        } else {
            PoolRef memory p = pools[poolSeed % pools.length];
            rewards.depositReward(p.modelId, p.version, amount);
        }
    }

    function claim(uint256 poolSeed, uint256 leafSeed, uint256 callerSeed) external {
        (uint256 index, uint256 id, uint256 weight, bytes32[] memory proof) = _leaf(poolSeed, leafSeed);
        PoolRef memory p = pools[index];
        uint256 announced = rewards.claimable(p.modelId, p.version, id, weight, proof);
        // Only the owner ever receives: whoever triggers the claim.
        address owner = id <= dataRegistry.contributionCount() ? dataRegistry.ownerOf(id) : address(0);
        calls["claim"]++;
        vm.prank(actors[callerSeed % actors.length]);
        try rewards.claim(p.modelId, p.version, id, weight, proof) returns (uint256 paid) {
            if (paid != announced || paid == 0) ghostViewMismatches++;
            if (ghostSweptLeaf[index][id]) ghostPayeeFlips++;
            ghostClaimedLeaf[index][id] = true;
            ghostClaimed += paid;
            ghostReceived[owner] += paid;
        } catch {
            if (announced != 0) ghostViewMismatches++;
        }
    }

    function sweep(uint256 poolSeed, uint256 leafSeed) external {
        (uint256 index, uint256 id, uint256 weight, bytes32[] memory proof) = _leaf(poolSeed, leafSeed);
        PoolRef memory p = pools[index];
        uint256 announced = rewards.sweepable(p.modelId, p.version, id, weight, proof);
        calls["sweep"]++;
        try rewards.sweep(p.modelId, p.version, id, weight, proof) returns (uint256 paid) {
            if (paid != announced || paid == 0) ghostViewMismatches++;
            if (ghostClaimedLeaf[index][id]) ghostPayeeFlips++;
            ghostSweptLeaf[index][id] = true;
            ghostSwept += paid;
        } catch {
            if (announced != 0) ghostViewMismatches++;
        }
    }

    /// @dev A claim or sweep with a weight the tree does not hold, or another leaf's proof: must never pay.
    function forge(uint256 poolSeed, uint256 leafSeed, uint256 delta, bool otherLeafsProof) external {
        (uint256 index, uint256 id, uint256 weight, bytes32[] memory proof) = _leaf(poolSeed, leafSeed);
        PoolRef memory p = pools[index];
        calls["forge"]++;
        if (otherLeafsProof) {
            uint256 otherSeed;
            // Any other seed will do; wrapping at the top of the range is harmless.
            unchecked {
                otherSeed = leafSeed + 1;
            }
            (,, uint256 otherWeight, bytes32[] memory otherProof) = _leaf(poolSeed, otherSeed);
            if (otherWeight == weight) return;
            proof = otherProof;
        } else {
            weight += bound(delta, 1, 1e30);
        }
        try rewards.claim(p.modelId, p.version, id, weight, proof) returns (uint256) {
            ghostForgeriesPaid++;
        } catch {}
        try rewards.sweep(p.modelId, p.version, id, weight, proof) returns (uint256) {
            ghostForgeriesPaid++;
        } catch {}
    }

    function transferContribution(uint256 idSeed, uint256 actorSeed) external {
        uint256 count = dataRegistry.contributionCount();
        uint256 id = bound(idSeed, 1, count);
        calls["transfer"]++;
        vm.prank(dataRegistry.ownerOf(id));
        dataRegistry.transferContribution(id, actors[actorSeed % actors.length]);
    }

    /// @dev Consent changes only reach versions published afterwards; the payee of existing leaves never changes.
    function changeConsent(uint256 idSeed, bool training, bool allModels) external {
        uint256 count = dataRegistry.contributionCount();
        uint256 id = bound(idSeed, 1, count);
        uint256[] memory models = new uint256[](allModels ? 0 : 1);
        if (!allModels) models[0] = pools[0].modelId;
        calls["consent"]++;
        vm.prank(dataRegistry.ownerOf(id));
        dataRegistry.setConsent(
            id, Consent({training: training, inference: true, allModels: allModels, modelIds: models})
        );
    }

    /// @dev A new version of the first pool's model over the same contributions with new weights, built on the
    /// consent in force now.
    function publish(uint256 weightSeed) external {
        if (pools.length >= MAX_POOLS) return;
        uint256 modelId = pools[0].modelId;
        uint256[] memory ids = poolIds[0];
        uint256[] memory weights = new uint256[](ids.length);
        uint256 total;
        for (uint256 i; i < ids.length; ++i) {
            weights[i] = bound(uint256(keccak256(abi.encode(weightSeed, i))), 1, 1e9);
            total += weights[i];
        }
        bytes32 root = DataMerkle.root(DataMerkle.build(ids, weights));
        calls["publish"]++;
        vm.prank(modelOwner);
        uint32 version = registry.publishVersion(
            modelId,
            VersionParams({
                weightsCommitment: 1 + pools.length,
                trainingDataRoot: root,
                totalDataWeight: uint128(total),
                metadataURI: "ipfs://model-card"
            })
        );
        this.addPool(modelId, version, ids, weights);
    }

    function warp(uint256 seconds_) external {
        calls["warp"]++;
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    /* -------------------------------- views -------------------------------- */

    function getActors() external view returns (address[] memory) {
        return actors;
    }

    function poolCount() external view returns (uint256) {
        return pools.length;
    }

    function poolAt(uint256 index) external view returns (PoolRef memory) {
        return pools[index];
    }

    function leavesOf(uint256 index) external view returns (uint256[] memory ids, uint256[] memory weights) {
        return (poolIds[index], poolWeights[index]);
    }

    function proofOf(uint256 index, uint256 leaf) external view returns (bytes32[] memory) {
        return DataMerkle.proof(poolNodes[index], poolIds[index][leaf], poolWeights[index][leaf]);
    }

    function _leaf(uint256 poolSeed, uint256 leafSeed)
        internal
        view
        returns (uint256 index, uint256 id, uint256 weight, bytes32[] memory proof)
    {
        index = poolSeed % pools.length;
        uint256 leaf = leafSeed % poolIds[index].length;
        id = poolIds[index][leaf];
        weight = poolWeights[index][leaf];
        proof = DataMerkle.proof(poolNodes[index], id, weight);
    }
}
