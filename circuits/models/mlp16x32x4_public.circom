pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/mlp.circom";
include "../lib/unpack_values.circom";
include "../lib/binding.circom";

// MLP N -> H -> K over N public features passed as packed words.
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   logits[1], argmax, featureWords[2], weightsCommitment, binding
template MlpPublic(N, H, K) {
    signal output logits[(K + MLP_LOGIT_LANES(N, H) - 1) \ MLP_LOGIT_LANES(N, H)];
    signal output argmax;
    signal input featureWords[VALUE_WORDS(N)];
    signal input weightsCommitment;
    signal input binding;
    signal input w1[H][N];
    signal input b1[H];
    signal input w2[K][H];
    signal input b2[K];
    signal input weightsSalt;

    component core = MlpCore(N, H, K);
    // unpacking range-checks every feature
    core.features <== UnpackValues(N)(featureWords);
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

component main {public [featureWords, weightsCommitment, binding]} = MlpPublic(16, 32, 4);
