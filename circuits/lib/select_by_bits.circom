pragma circom 2.1.9;

// SelectByBits(k): out = in[index] with index = sum_i sel[i] * 2^i, over 2^k values, through a tree of 2-to-1
// multiplexers: 2^k - 1 constraints (a one-hot selector over the same values costs 2^(k+1) + 1). Level i of the
// tree picks within neighbouring pairs with sel[i], least significant bit first.
// Precondition: the caller constrains every sel[i] to {0, 1}. Each multiplexer then outputs exactly one of its two
// inputs, so out is exactly in[index]: no blend of two values and no value outside `in` can come out.
template SelectByBits(k) {
    assert(k > 0);
    signal input in[1 << k];
    signal input sel[k];
    signal output out;

    // level i of the tree (2^(k-1-i) outputs) starts at stage[2^k - 2^(k-i)]
    signal stage[(1 << k) - 1];
    for (var i = 0; i < k; i++) {
        var start = (1 << k) - (1 << (k - i));
        var previous = (1 << k) - (1 << (k - i + 1));
        for (var j = 0; j < (1 << (k - 1 - i)); j++) {
            var a = i == 0 ? in[2 * j] : stage[previous + 2 * j];
            var b = i == 0 ? in[2 * j + 1] : stage[previous + 2 * j + 1];
            // pins the output to a when sel[i] = 0 and to b when sel[i] = 1
            stage[start + j] <== a + sel[i] * (b - a);
        }
    }
    out <== stage[(1 << k) - 2];
}
