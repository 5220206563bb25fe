pragma circom 2.1.9;

include "range_check.circom";

// ArgMax(n, bits): index of the largest of n signed values (|v| < 2^(bits-1)), ties going to the lowest index.
// The winner is a prover hint, turned into a one-hot selector and pinned by, for every j:
//   max - values[j] - [j < index] >= 0        (checked as a bits-bit range check)
// where [j < index] = sum of the selector after j. So max is >= every value and strictly greater than every
// value before the winner, which leaves exactly one valid index.
template ArgMax(n, bits) {
    assert(bits < 252);
    signal input values[n];
    signal output index;
    signal max;
    signal onehot[n];
    signal picked[n];

    var best = 0;
    for (var j = 1; j < n; j++) {
        // circom compares field elements as signed values, as the values are meant
        if (values[j] > values[best]) {
            best = j;
        }
    }

    var ones = 0;
    var at = 0;
    var maxSum = 0;
    for (var j = 0; j < n; j++) {
        onehot[j] <-- j == best ? 1 : 0;
        // pins onehot[j] to {0, 1}
        onehot[j] * (onehot[j] - 1) === 0;
        ones += onehot[j];
        at += j * onehot[j];
        picked[j] <== onehot[j] * values[j];
        maxSum += picked[j];
    }
    // pins the selector to exactly one position
    ones === 1;
    index <== at;
    max <== maxSum;

    for (var j = 0; j < n; j++) {
        var after = 0;
        for (var k = j + 1; k < n; k++) {
            after += onehot[k];
        }
        // pins the winner: no value beats it, and none before it ties it
        RangeCheck(bits)(max - values[j] - after);
    }
}
