pragma circom 2.1.9;

// NonNegative(n): for a signed `in` in [-2^(n-1), 2^(n-1)), outputs 1 when in >= 0 and 0 otherwise, and
// constrains `in` to that interval. in + 2^(n-1) lies in [0, 2^n) and its top bit is set exactly when in >= 0,
// so the range check and the sign come from one bit decomposition.
template NonNegative(n) {
    assert(n > 1 && n <= 252);
    signal input in;
    signal output out;
    signal bits[n];

    var shifted = in + (1 << (n - 1));
    var sum = 0;
    var weight = 1;
    for (var i = 0; i < n; i++) {
        bits[i] <-- (shifted >> i) & 1;
        // pins bits[i] to {0, 1}
        bits[i] * (bits[i] - 1) === 0;
        sum += bits[i] * weight;
        weight += weight;
    }
    // pins the bits to the expansion of in + 2^(n-1): fails when `in` is outside the signed interval
    sum === shifted;
    out <== bits[n - 1];
}
