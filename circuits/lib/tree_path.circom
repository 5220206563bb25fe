pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "select_by_bits.circom";
include "sign_of.circom";
include "range_check.circom";
include "check_values.circom";
include "pack_signed_lanes.circom";
include "poseidon17.circom";

// TreePath(D, F, C): one decision tree, padded to depth D, evaluated along the path one input takes and opened
// against the tree's digest.
//
// The committed tree (docs/circuits.md, "Tree ensembles"). Nodes are numbered breadth first. A node holds the
// descriptor threshold * 2^K + feature (K = TREE_FEATURE_BITS(F)) and sends x to its right child when
// x[feature] > threshold, to its left child otherwise. The 2^D leaves hold C values each, packed into one leaf word
// (VALUE_BITS lanes, offset binary). The tree is cut into blocks of at most three levels, from the root down; a
// block's digest is Poseidon over its 2^b - 1 descriptors (breadth first) and its 2^b children (the digests of the
// blocks under it, or the leaf words under the last block), and the tree's digest is the digest of its top block.
//
// The proof opens only the blocks on the path. At each level the circuit
//   - selects the visited node's descriptor with the directions taken so far (SelectByBits),
//   - splits it into the threshold and the feature index's bits (hints, pinned below),
//   - selects x[feature] with those bits (SelectByBits over the features),
//   - compares: direction = [x[feature] - threshold - 1 >= 0], a range-checked sign (NonNegative);
// then, block by block from the bottom, it checks that the child the directions lead to holds the digest computed
// below (the leaf word at the bottom) and hashes the block. Any other descriptor, child or leaf value on the path
// changes the tree's digest (barring a Poseidon collision), and each direction is its comparison's result.
//
// Operands: the caller range-checks the features to [-VALUE_MAX, VALUE_MAX]. The comparison's range check bounds
// the threshold to within 2^24 of the feature, and the index lies in [0, F) by its bits (and an explicit check when F
// is not a power of 2). So a descriptor has one split at most: t * 2^K + f = t' * 2^K + f' with f, f' < 2^K and
// |t|, |t'| < 2^25 holds over the integers (nothing reaches the modulus), which forces f = f' and t = t'.
// Leaf values are range-checked, so the leaf word packs them injectively.
template TreePath(D, F, C) {
    assert(D > 0 && F > 1 && C > 0 && C <= VALUE_LANES());
    var K = TREE_FEATURE_BITS(F);
    var BLOCKS = TREE_BLOCKS(D);
    // TREE_BLOCK_LEVELS(D, block) written out in the loops below: circom 2.2.3's wasm generator panics ("concrete
    // dimensions ... without being initialized") when a function call inside the loop sizes the components
    var MAX = TREE_BLOCK_LEVELS_MAX();

    signal input features[F];
    signal input nodes[TREE_PATH_NODES(D)];
    signal input children[TREE_PATH_CHILDREN(D)];
    signal input leaf[C];
    signal output directions[D];
    signal output root;

    signal visited[D];
    signal threshold[D];
    signal featureBits[D][K];
    // one selector per level below a block's top (a block's top node needs none)
    component descriptor[D - BLOCKS];
    component feature[D];
    component compare[D];

    // Top down: the directions.
    var level = 0;
    var nodeAt = 0;
    var selectors = 0;
    for (var block = 0; block < BLOCKS; block++) {
        var b = block < BLOCKS - 1 ? MAX : D - MAX * (BLOCKS - 1);
        for (var j = 0; j < b; j++) {
            // the visited node among the 2^j of this block level, indexed by the block's directions so far (the most
            // recent one least significant)
            if (j == 0) {
                visited[level] <== nodes[nodeAt];
            } else {
                descriptor[selectors] = SelectByBits(j);
                for (var m = 0; m < (1 << j); m++) {
                    descriptor[selectors].in[m] <== nodes[nodeAt + (1 << j) - 1 + m];
                }
                for (var i = 0; i < j; i++) {
                    descriptor[selectors].sel[i] <== directions[level - 1 - i];
                }
                visited[level] <== descriptor[selectors].out;
                selectors++;
            }

            // Hint: split the descriptor; thresholds start at -2^23, so the shifted value is a non-negative integer.
            var shifted = visited[level] + (1 << (VALUE_BITS() - 1)) * (1 << K);
            var index = 0;
            for (var i = 0; i < K; i++) {
                featureBits[level][i] <-- (shifted >> i) & 1;
                // pins each bit to {0, 1}
                featureBits[level][i] * (featureBits[level][i] - 1) === 0;
                index += featureBits[level][i] * (1 << i);
            }
            threshold[level] <-- (shifted >> K) - (1 << (VALUE_BITS() - 1));
            // pins the threshold and the bits to the descriptor (one split only, with the comparison's range check)
            visited[level] === threshold[level] * (1 << K) + index;
            if (F < (1 << K)) {
                // pins the index below F
                RangeCheck(K)(F - 1 - index);
            }

            feature[level] = SelectByBits(K);
            for (var i = 0; i < (1 << K); i++) {
                feature[level].in[i] <== i < F ? features[i] : 0;
            }
            feature[level].sel <== featureBits[level];

            // right exactly when x[feature] > threshold; the range check bounds the operands' difference
            compare[level] = NonNegative(TREE_COMPARE_BITS());
            compare[level].in <== feature[level].out - threshold[level] - 1;
            directions[level] <== compare[level].out;
            level++;
        }
        nodeAt += (1 << b) - 1;
    }

    // The leaf reached: its values are range-checked, so its word packs them injectively.
    CheckValues(C)(leaf);
    signal leafWord <== PackSignedLanes(C, VALUE_BITS())(leaf);

    // Bottom up: each block's digest, and the child the directions lead to.
    component hash[BLOCKS];
    component child[BLOCKS];
    var childAt = TREE_PATH_CHILDREN(D);
    nodeAt = TREE_PATH_NODES(D);
    level = D;
    for (var up = 0; up < BLOCKS; up++) {
        var block = BLOCKS - 1 - up;
        var b = block < BLOCKS - 1 ? MAX : D - MAX * (BLOCKS - 1);
        childAt -= 1 << b;
        nodeAt -= (1 << b) - 1;
        level -= b;

        child[block] = SelectByBits(b);
        for (var m = 0; m < (1 << b); m++) {
            child[block].in[m] <== children[childAt + m];
        }
        for (var i = 0; i < b; i++) {
            child[block].sel[i] <== directions[level + b - 1 - i];
        }
        // pins the child on the path: the leaf reached, or the digest of the next block down
        if (up == 0) {
            child[block].out === leafWord;
        } else {
            child[block].out === hash[block + 1].out;
        }

        hash[block] = Poseidon17();
        hash[block].capacity <== TREE_BLOCK_TAG(b);
        for (var m = 0; m < 16; m++) {
            if (m < (1 << b) - 1) {
                hash[block].inputs[m] <== nodes[nodeAt + m];
            } else if (m < (1 << (b + 1)) - 1) {
                hash[block].inputs[m] <== children[childAt + m - ((1 << b) - 1)];
            } else {
                hash[block].inputs[m] <== 0;
            }
        }
    }
    root <== hash[0].out;
}
