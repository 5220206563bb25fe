pragma circom 2.1.9;

// RangeCheck(n): constrains 0 <= in < 2^n.
// The bits are prover hints (`<--`); the booleanity constraints plus the recomposition below pin them to the
// unique binary expansion of `in`, which exists only when `in` is below 2^n. n must stay below the field size
// (n <= 252 on BN254) or a wrapped value could also be recomposed.
template RangeCheck(n) {
    assert(n > 0 && n <= 252);
    signal input in;
    signal bits[n];

    var sum = 0;
    var weight = 1;
    for (var i = 0; i < n; i++) {
        bits[i] <-- (in >> i) & 1;
        // pins bits[i] to {0, 1}
        bits[i] * (bits[i] - 1) === 0;
        sum += bits[i] * weight;
        weight += weight;
    }
    // pins the bits to the expansion of `in`; fails for any `in` >= 2^n
    sum === in;
}
