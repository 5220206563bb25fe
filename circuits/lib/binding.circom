pragma circom 2.1.9;

// BindingCheck(): ties the proof to one (chainId, coordinator, requestId, operator). The binding value takes no
// part in the computation, so without a constraint the optimizer would drop it and any proof could be replayed
// under another binding; squaring it puts it in the R1CS, and a Groth16 proof then fixes it.
template BindingCheck() {
    signal input binding;
    signal square;
    square <== binding * binding;
}
