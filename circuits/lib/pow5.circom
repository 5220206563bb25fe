pragma circom 2.1.9;

// Pow5(): out = in^5, the Poseidon S-box over BN254 (5 is the smallest exponent coprime to r - 1), in three
// multiplications.
template Pow5() {
    signal input in;
    signal output out;
    signal square <== in * in;
    signal fourth <== square * square;
    out <== fourth * in;
}
