pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "range_check.circom";
include "check_values.circom";
include "pack_signed_lanes.circom";
include "poseidon17.circom";

// TreeOpen(D, F, C): a whole decision tree, padded to depth D, opened once against its digest, for a circuit that
// evaluates the tree on many inputs (TreeWalk per input). TreePath opens only one input's path, which costs one
// Poseidon permutation per block on the path for every input; opening every block once and walking the opened nodes
// costs the hashes once, whatever the number of inputs.
//
// The digest is the one TreePath and commitTree (circuits/src/trees/treeCommitment.ts) compute (docs/circuits.md,
// "Tree ensembles"): nodes breadth first, a node's descriptor threshold * 2^K + feature (K = TREE_FEATURE_BITS(F)),
// a leaf's C values packed into one leaf word; the tree cut into blocks of up to TREE_BLOCK_LEVELS_MAX levels from
// the root, a block's digest Poseidon over its 2^b - 1 descriptors and its 2^b children (the digests of the blocks
// under it, or the leaf words under the last block group), the tree's digest its top block's.
//
// Outputs, per node, its threshold and the bits of its feature index (least significant first), for TreeWalk.
// The split of a descriptor is pinned here (the bits, the index below F, descriptor = threshold * 2^K + index), and
// the threshold is bounded where it is used: TreeWalk compares x[feature] - threshold - 1 with a range-checked sign,
// so every node an input visits has a threshold within 2^24 of an in-range feature, and for such thresholds the
// split is unique over the integers (TreePath's argument). A node no input visits decides nothing.
// Leaf values are range-checked here, once per leaf: their words then pack them injectively, and every score
// TreeWalk's leaves add up stays within its lane.
template TreeOpen(D, F, C) {
    assert(D > 0 && F > 1 && C > 0 && C <= VALUE_LANES());
    var K = TREE_FEATURE_BITS(F);
    var NODES = (1 << D) - 1;
    var LEAVES = 1 << D;
    var BLOCKS = TREE_BLOCKS(D);
    var MAX = TREE_BLOCK_LEVELS_MAX();

    signal input nodes[NODES];
    signal input leaves[LEAVES][C];
    signal output threshold[NODES];
    signal output featureBits[NODES][K];
    signal output root;

    for (var n = 0; n < NODES; n++) {
        // Hint: split the descriptor; thresholds start at -2^23, so the shifted value is a non-negative integer.
        var shifted = nodes[n] + (1 << (VALUE_BITS() - 1)) * (1 << K);
        var index = 0;
        for (var i = 0; i < K; i++) {
            featureBits[n][i] <-- (shifted >> i) & 1;
            // pins each bit to {0, 1}
            featureBits[n][i] * (featureBits[n][i] - 1) === 0;
            index += featureBits[n][i] * (1 << i);
        }
        threshold[n] <-- (shifted >> K) - (1 << (VALUE_BITS() - 1));
        // pins the threshold and the bits to the descriptor (one split only for a visited node: see above)
        nodes[n] === threshold[n] * (1 << K) + index;
        if (F < (1 << K)) {
            // pins the index below F
            RangeCheck(K)(F - 1 - index);
        }
    }

    signal leafWord[LEAVES];
    for (var m = 0; m < LEAVES; m++) {
        CheckValues(C)(leaves[m]);
        leafWord[m] <== PackSignedLanes(C, VALUE_BITS())(leaves[m]);
    }

    // Every block, block group by block group from the bottom; group k starts at level MAX * k and holds 2^(MAX * k)
    // blocks, stored at hash[first[k] ..]. (Block sizes written out in the loop: see TreePath on circom's wasm
    // generator and function calls that size components.)
    var total = 0;
    var first[BLOCKS];
    for (var k = 0; k < BLOCKS; k++) {
        first[k] = total;
        total += 1 << (MAX * k);
    }
    component hash[total];
    for (var up = 0; up < BLOCKS; up++) {
        var k = BLOCKS - 1 - up;
        var b = k < BLOCKS - 1 ? MAX : D - MAX * (BLOCKS - 1);
        var top = MAX * k;
        for (var p = 0; p < (1 << top); p++) {
            hash[first[k] + p] = Poseidon17();
            hash[first[k] + p].capacity <== TREE_BLOCK_TAG(b);
            var at = 0;
            // the block's descriptors, breadth first: level top + j, positions p * 2^j .. p * 2^j + 2^j - 1
            for (var j = 0; j < b; j++) {
                for (var m = 0; m < (1 << j); m++) {
                    hash[first[k] + p].inputs[at] <== nodes[(1 << (top + j)) - 1 + p * (1 << j) + m];
                    at++;
                }
            }
            // its children, left to right: the leaf words, or the digests of the blocks of the group below
            for (var i = 0; i < (1 << b); i++) {
                if (up == 0) {
                    hash[first[k] + p].inputs[at] <== leafWord[p * (1 << b) + i];
                } else {
                    hash[first[k] + p].inputs[at] <== hash[first[k + 1] + p * (1 << b) + i].out;
                }
                at++;
            }
            for (var z = at; z < 16; z++) {
                hash[first[k] + p].inputs[z] <== 0;
            }
        }
    }
    root <== hash[0].out;
}
