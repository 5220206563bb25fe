pragma circom 2.1.9;

include "params.circom";

// The layout of a tree ensemble circuit (circuits/lib/tree_path.circom, tree_ensemble.circom).
// circuits/src/trees/treeShape.ts computes the same numbers; the tree tests compare them.

// Commitment numbers beside params.circom's (kept here so that the shipped circuits' sources do not change;
// oracle/src/zk/params.ts lists all of them): the trees family, and the domain of a committed tree's blocks, so a
// tree's digest is never a weights or an inputs commitment.
function FAMILY_TREES() { return 4; }
function DOMAIN_TREE_BLOCK() { return 3; }

// A tree is committed block by block: a block covers up to TREE_BLOCK_LEVELS_MAX levels, its 2^b - 1 node
// descriptors and 2^b child digests filling at most 15 of the 16 inputs of one width-17 Poseidon permutation.
function TREE_BLOCK_LEVELS_MAX() { return 3; }
// Blocks on the path from the root to a leaf of a depth-D tree: full blocks from the root, the remainder last.
function TREE_BLOCKS(D) { return (D + TREE_BLOCK_LEVELS_MAX() - 1) \ TREE_BLOCK_LEVELS_MAX(); }
function TREE_BLOCK_LEVELS(D, block) {
    return block < TREE_BLOCKS(D) - 1 ? TREE_BLOCK_LEVELS_MAX() : D - TREE_BLOCK_LEVELS_MAX() * (TREE_BLOCKS(D) - 1);
}
// Node descriptors and child digests of all blocks on one path, concatenated block after block.
function TREE_PATH_NODES(D) {
    var count = 0;
    for (var block = 0; block < TREE_BLOCKS(D); block++) {
        count += (1 << TREE_BLOCK_LEVELS(D, block)) - 1;
    }
    return count;
}
function TREE_PATH_CHILDREN(D) {
    var count = 0;
    for (var block = 0; block < TREE_BLOCKS(D); block++) {
        count += 1 << TREE_BLOCK_LEVELS(D, block);
    }
    return count;
}
// Capacity tag of a block of b levels: 2^(b+1) - 1 elements under the tree-block domain.
function TREE_BLOCK_TAG(b) {
    return COMMITMENT_TAG(DOMAIN_TREE_BLOCK(), FAMILY_TREES(), (1 << (b + 1)) - 1);
}

// Bits of a feature index: a descriptor is threshold * 2^K + feature.
function TREE_FEATURE_BITS(F) { return CEIL_LOG2(F); }

// A comparison x - threshold - 1 with |x| <= VALUE_MAX and threshold in [-2^23, 2^23 - 1] lies in
// [-(2^24 - 1), 2^24 - 2]: VALUE_BITS + 1 signed bits.
function TREE_COMPARE_BITS() { return VALUE_BITS() + 1; }

// A score is a base value plus T leaf values, each within VALUE_MAX: |score| <= (T + 1) * VALUE_MAX.
function TREE_SCORE_BITS(T) { return VALUE_BITS() + CEIL_LOG2(T + 1); }
function TREE_SCORE_LANES(T) { return 252 \ TREE_SCORE_BITS(T); }
function TREE_SCORE_WORDS(T, C) { return PACKED_WORDS(C, TREE_SCORE_LANES(T)); }

// A tree's path is a D-bit lane (the leaf's index, the root's direction most significant).
function TREE_PATH_LANES(D) { return 252 \ D; }
function TREE_PATH_WORDS(T, D) { return PACKED_WORDS(T, TREE_PATH_LANES(D)); }

// The leaf values of every tree, tree after tree, VALUE_LANES per word.
function TREE_LEAF_WORDS(T, C) { return VALUE_WORDS(T * C); }
