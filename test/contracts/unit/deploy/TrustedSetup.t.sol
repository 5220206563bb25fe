// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Decision} from "../../../../contracts/types/InferenceTypes.sol";
import {CircuitManifest} from "../../../../script/deploy/CircuitManifest.sol";
import {DeployEnv} from "../../../../script/deploy/DeployEnv.sol";
import {TrustedSetup} from "../../../../script/deploy/TrustedSetup.sol";

/// @dev Exposes the deploy script's libraries to external calls, so that their reverts can be expected.
contract TrustedSetupHarness {
    function decide(string memory kind, uint256 chainId, string memory network, bool overrideSet)
        external
        pure
        returns (TrustedSetup.Decision memory)
    {
        return TrustedSetup.decide(kind, chainId, network, overrideSet);
    }

    function overrideGiven(string memory value) external pure returns (bool) {
        return TrustedSetup.overrideGiven(value);
    }

    function envOverride() external view returns (bool) {
        return DeployEnv.trustedSetupOverride();
    }

    function manifestKind() external view returns (string memory) {
        return CircuitManifest.setupKind();
    }
}

contract TrustedSetupTest is Test {
    uint256 internal constant SEPOLIA = 11_155_111;
    string internal constant VALUE = "I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS";

    TrustedSetupHarness internal harness = new TrustedSetupHarness();

    function _expectRefusal(string memory kind, uint256 chainId, string memory network) internal {
        vm.expectPartialRevert(TrustedSetup.DeployTrustedSetupNotCeremony.selector);
        harness.decide(kind, chainId, network, false);
    }

    /* ------------------------------------------------------------------ */
    /*                                 decide                             */
    /* ------------------------------------------------------------------ */

    function test_decide_allowsDevKeysOnTheLocalChain() public view {
        TrustedSetup.Decision memory d = harness.decide("dev", 31_337, "local", false);
        assertEq(d.kind, "dev");
        assertTrue(d.local);
        assertFalse(d.overrideUsed);
    }

    function test_RevertWhen_devKeysGoToANonLocalChain() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                TrustedSetup.DeployTrustedSetupNotCeremony.selector,
                "dev",
                SEPOLIA,
                "sepolia",
                "circuits/manifest.json says setup.kind is 'dev', not 'ceremony': whoever ran that setup can forge a proof of any output, so its keys go to the local chain (31337, network 'local') only. Run the ceremony and deploy its keys (docs/security.md), or, for a throwaway testnet, set SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS"
            )
        );
        harness.decide("dev", SEPOLIA, "sepolia", false);
    }

    /// @dev Chain 31337 is local only for the local configuration; a configuration saying "local" does not make
    /// another chain local.
    function test_RevertWhen_onlyOneOfChainIdAndNetworkIsLocal() public {
        _expectRefusal("dev", 31_337, "staging");
        _expectRefusal("dev", 1, "local");
        _expectRefusal("dev", 1337, "local");
    }

    /// @dev Only the exact ceremony kind counts; an unknown, empty or near-miss kind is a dev setup.
    function test_RevertWhen_kindIsNotExactlyCeremony() public {
        _expectRefusal("Ceremony", SEPOLIA, "sepolia");
        _expectRefusal("ceremony ", SEPOLIA, "sepolia");
        _expectRefusal("production", SEPOLIA, "sepolia");
        _expectRefusal("", SEPOLIA, "sepolia");
    }

    function testFuzz_decide_refusesNonCeremonyKeysOffTheLocalChain(string memory kind, uint256 chainId) public {
        vm.assume(keccak256(bytes(kind)) != keccak256("ceremony"));
        if (chainId == 31_337) chainId = SEPOLIA;
        _expectRefusal(kind, chainId, "local");
    }

    function testFuzz_decide_allowsCeremonyKeysAnywhere(uint256 chainId, string memory network) public view {
        TrustedSetup.Decision memory d = harness.decide("ceremony", chainId, network, false);
        assertEq(d.kind, "ceremony");
        assertFalse(d.overrideUsed);
    }

    function test_decide_recordsTheOverrideOnANonLocalChain() public view {
        TrustedSetup.Decision memory d = harness.decide("dev", SEPOLIA, "sepolia", true);
        assertEq(d.kind, "dev");
        assertFalse(d.local);
        assertTrue(d.overrideUsed);
    }

    /// @dev The override is recorded only where it let keys through, not where they were allowed anyway.
    function test_decide_recordsNoOverrideWhereNoneWasNeeded() public view {
        assertFalse(harness.decide("dev", 31_337, "local", true).overrideUsed);
        assertFalse(harness.decide("ceremony", SEPOLIA, "sepolia", true).overrideUsed);
    }

    /* ------------------------------------------------------------------ */
    /*                              the override                          */
    /* ------------------------------------------------------------------ */

    function test_overrideGiven_acceptsOnlyTheExactValue() public view {
        assertFalse(harness.overrideGiven(""));
        assertTrue(harness.overrideGiven(VALUE));
    }

    function test_RevertWhen_overrideHasAnotherValue() public {
        string[4] memory wrong =
            ["1", "true", "i_understand_anyone_may_forge_proofs", "I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS "];
        for (uint256 i; i < wrong.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    TrustedSetup.DeployTrustedSetupOverrideInvalid.selector,
                    wrong[i],
                    "the only accepted value is SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS (and only for a throwaway testnet); unset it otherwise"
                )
            );
            harness.overrideGiven(wrong[i]);
        }
    }

    /// @dev The deploy script reads the override from SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP.
    function test_trustedSetupOverride_readsTheNamedVariable() public {
        vm.setEnv("SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP", VALUE);
        assertTrue(harness.envOverride());
        vm.setEnv("SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP", "yes");
        vm.expectPartialRevert(TrustedSetup.DeployTrustedSetupOverrideInvalid.selector);
        harness.envOverride();
        vm.setEnv("SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP", "");
        assertFalse(harness.envOverride());
    }

    /// @dev The shipped keys come from `npm run circuits:build`'s dev setup: the deploy reads that from the manifest.
    function test_setupKind_readsTheManifest() public view {
        assertEq(harness.manifestKind(), "dev");
    }
}
