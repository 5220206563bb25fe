pragma circom 2.1.9;

include "params.circom";
include "check_values.circom";
include "commit_values.circom";
include "floor_div_pow2.circom";
include "top_k.circom";

// Bits of an item score floor(<user, item> / 2^10): items are compact (|item| < 2^13 raw, 10 fractional bits) and
// |user| < 2^23, so |<user, item>| < D * 2^36 and |score| <= 2^(26 + log2 D). The lane keeps 31 + log2 D bits, the
// width of the public-signal layout (circuits/manifest.json) every decoder reads.
function RECOMMENDER_SCORE_BITS(D) { return 31 + CEIL_LOG2(D); }

// RecommenderCore(D, M, TOPK): scores a user embedding against the M committed item embeddings and outputs the
// TOPK best items, best first. Ties between equal scores go to the lower item index: the ranking key is
//   key_m = (score_m + 2^(scoreBits-1)) * 2^8 + (255 - m)
// which is distinct per item and orders by score, then by index. The output word holds, for rank r at bit
// offset r * (8 + scoreBits): the item index (8 bits), then score + 2^(scoreBits-1) (scoreBits bits).
template RecommenderCore(D, M, TOPK) {
    assert(M <= (1 << INDEX_BITS()));
    var scoreBits = RECOMMENDER_SCORE_BITS(D);
    var laneBits = INDEX_BITS() + scoreBits;
    var keyBits = scoreBits + INDEX_BITS();
    assert(TOPK * laneBits <= 252);

    signal input user[D];
    signal input items[M][D];
    signal input weightsSalt;
    signal output topK;
    signal output weightsCommitment;

    for (var m = 0; m < M; m++) {
        CheckWeights(D)(items[m]);
    }

    signal product[M][D];
    signal score[M];
    signal key[M];
    for (var m = 0; m < M; m++) {
        var acc = 0;
        for (var d = 0; d < D; d++) {
            product[m][d] <== items[m][d] * user[d];
            acc += product[m][d];
        }
        score[m] <== FloorDivPow2(WEIGHT_FRAC_BITS(), scoreBits)(acc);
        // score is range-checked to scoreBits, so the shifted score fits scoreBits bits and keys stay distinct
        key[m] <== (score[m] + (1 << (scoreBits - 1))) * (1 << INDEX_BITS()) + ((1 << INDEX_BITS()) - 1 - m);
    }

    component top = TopK(M, TOPK, keyBits);
    top.keys <== key;

    // lane_r = index + (score + offset) * 2^8 = key - (255 - index) + index
    var word = 0;
    for (var r = 0; r < TOPK; r++) {
        var lane = top.selected[r] - ((1 << INDEX_BITS()) - 1) + 2 * top.indices[r];
        word += lane * (1 << (r * laneBits));
    }
    topK <== word;

    // Committed order: the item table row-major (item, then dimension).
    component commit = CommitWeights(M * D, FAMILY_RECOMMENDER());
    for (var m = 0; m < M; m++) {
        for (var d = 0; d < D; d++) {
            commit.values[m * D + d] <== items[m][d];
        }
    }
    commit.salt <== weightsSalt;
    weightsCommitment <== commit.out;
}
