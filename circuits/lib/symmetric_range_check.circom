pragma circom 2.1.9;

include "range_check.circom";

// SymmetricRangeCheck(n): constrains -(2^(n-1) - 1) <= in <= 2^(n-1) - 1, reading `in` as a signed value — the n-bit
// signed interval without its lowest value -2^(n-1), which no value the TypeScript side produces takes and which
// would let a product of two such values reach 2^(2n-2), one bit beyond the lanes that hold products.
// Same cost as SignedRangeCheck(n): n booleanity constraints. With max = 2^(n-1) - 1,
//   in + negative * max  in [0, 2^(n-1))      (an (n-1)-bit range check)
// gives in in [0, max] when negative = 0 and in in [-max, 0] when negative = 1, so exactly [-max, max].
template SymmetricRangeCheck(n) {
    assert(n > 1 && n <= 252);
    signal input in;
    signal negative;

    var max = (1 << (n - 1)) - 1;
    // circom compares field elements as signed values, as `in` is meant
    negative <-- in < 0 ? 1 : 0;
    // pins negative to {0, 1}; either value then bounds `in` through the range check below
    negative * (negative - 1) === 0;
    // pins in + negative * max to [0, 2^(n-1)): fails for -2^(n-1) and below, and for 2^(n-1) and above
    RangeCheck(n - 1)(in + negative * max);
}
