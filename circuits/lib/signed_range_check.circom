pragma circom 2.1.9;

include "range_check.circom";

// SignedRangeCheck(n): constrains -2^(n-1) <= in < 2^(n-1), reading `in` as a signed value
// (negative values are the field elements p - |x|). Shifting by 2^(n-1) maps the signed interval onto
// [0, 2^n), so one unsigned range check covers it.
template SignedRangeCheck(n) {
    signal input in;
    RangeCheck(n)(in + (1 << (n - 1)));
}
