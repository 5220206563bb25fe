pragma circom 2.1.9;

include "range_check.circom";

// TopK(n, k, keyBits): the k largest of n distinct non-negative keys (< 2^keyBits), in descending order.
// Callers make keys distinct by appending a tie-break to the score (see the recommender), so "largest" is a
// strict total order. The ranking is a prover hint (one one-hot selector per rank) pinned by:
//   selected[r] > selected[r+1]                       (strictly descending, so no key is picked twice)
//   key[m] < selected[k-1] for every key not picked   (nothing left out beats the last pick)
template TopK(n, k, keyBits) {
    assert(k > 0 && k <= n && keyBits < 252);
    signal input keys[n];
    signal output selected[k];
    signal output indices[k];
    signal onehot[k][n];
    signal picked[k][n];
    signal gap[n];

    // Hint: selection sort on the keys.
    var taken[n];
    var choice[k];
    for (var m = 0; m < n; m++) {
        taken[m] = 0;
    }
    for (var r = 0; r < k; r++) {
        var best = -1;
        for (var m = 0; m < n; m++) {
            if (taken[m] == 0) {
                if (best == -1) {
                    best = m;
                } else if (keys[m] > keys[best]) {
                    best = m;
                }
            }
        }
        taken[best] = 1;
        choice[r] = best;
    }

    for (var r = 0; r < k; r++) {
        var ones = 0;
        var at = 0;
        var value = 0;
        for (var m = 0; m < n; m++) {
            onehot[r][m] <-- choice[r] == m ? 1 : 0;
            // pins onehot[r][m] to {0, 1}
            onehot[r][m] * (onehot[r][m] - 1) === 0;
            ones += onehot[r][m];
            at += m * onehot[r][m];
            picked[r][m] <== onehot[r][m] * keys[m];
            value += picked[r][m];
        }
        // pins each rank's selector to exactly one key
        ones === 1;
        indices[r] <== at;
        selected[r] <== value;
    }

    for (var r = 0; r + 1 < k; r++) {
        // pins the ranks in strictly descending order
        RangeCheck(keyBits)(selected[r] - selected[r + 1] - 1);
    }

    for (var m = 0; m < n; m++) {
        var chosen = 0;
        for (var r = 0; r < k; r++) {
            chosen += onehot[r][m];
        }
        // a key that was not picked must sit strictly below the last pick; a picked key yields gap 0
        gap[m] <== (1 - chosen) * (selected[k - 1] - keys[m] - 1);
        RangeCheck(keyBits)(gap[m]);
    }
}
