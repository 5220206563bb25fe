pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/mlp.circom";
include "../lib/check_values.circom";
include "../lib/commit_values.circom";
include "../lib/binding.circom";

// MLP N -> H -> K over N private features, bound by a salted input commitment.
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   logits[1], argmax, inputCommitment, weightsCommitment, binding
template MlpCommitted(N, H, K) {
    signal output logits[(K + MLP_LOGIT_LANES(N, H) - 1) \ MLP_LOGIT_LANES(N, H)];
    signal output argmax;
    signal input inputCommitment;
    signal input weightsCommitment;
    signal input binding;
    signal input features[N];
    signal input inputSalt;
    signal input w1[H][N];
    signal input b1[H];
    signal input w2[K][H];
    signal input b2[K];
    signal input weightsSalt;

    // private features are multiplied and packed: both need the range check
    CheckValues(N)(features);
    // the private features must be the committed ones
    signal computedInputCommitment <== CommitValues(N, DOMAIN_INPUTS(), FAMILY_MLP())(features, inputSalt);
    computedInputCommitment === inputCommitment;

    component core = MlpCore(N, H, K);
    core.features <== features;
    core.w1 <== w1;
    core.b1 <== b1;
    core.w2 <== w2;
    core.b2 <== b2;
    core.weightsSalt <== weightsSalt;
    logits <== core.logits;
    argmax <== core.argmax;
    // the private weights must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}

component main {public [inputCommitment, weightsCommitment, binding]} = MlpCommitted(16, 32, 4);
