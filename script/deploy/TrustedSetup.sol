// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TrustedSetup
/// @notice Decides whether the circuit keys of `circuits/manifest.json` may go to the chain being deployed to. Keys
/// from anything but a multi-party ceremony (the `dev` setup of `npm run circuits:build`: one machine made every
/// contribution) let whoever ran the setup forge a proof of any output. They go to the local chain only, unless the
/// deployer sets the override, whose value names the risk.
/// @dev "Local" is the chain id the RPC reports, 31337 (anvil's default), together with the configuration's
/// `network: "local"`. The configuration cannot fake the chain id: DeployConfig refuses a file whose `chainId` is not
/// the RPC's. A local chain with the default chain id is all `npm run deploy:local` and the demo ever deploy to.
library TrustedSetup {
    /// @notice The one `setup.kind` that counts as production: keys from a multi-party ceremony (docs/security.md).
    string internal constant CEREMONY = "ceremony";

    /// @notice The local chain's id: anvil's default.
    uint256 internal constant LOCAL_CHAIN_ID = 31_337;

    /// @notice The configuration `network` of the local chain (script/config/local.json).
    string internal constant LOCAL_NETWORK = "local";

    /// @notice The environment variable that lets non-ceremony keys reach a non-local chain.
    string internal constant OVERRIDE_NAME = "SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP";

    /// @notice The override's one accepted value: "1" or "true" is refused, so that nobody sets it in passing.
    string internal constant OVERRIDE_VALUE = "I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS";

    /// @notice What a deployment records about the keys it registers.
    struct Decision {
        /// @dev The manifest's `setup.kind`, e.g. "dev" or "ceremony".
        string kind;
        /// @dev Whether the chain is the local one.
        bool local;
        /// @dev Whether non-ceremony keys go to a non-local chain because the override is set.
        bool overrideUsed;
    }

    /// @notice The manifest's keys do not come from a ceremony and the chain is not local.
    /// @param kind The manifest's `setup.kind`.
    /// @param chainId The chain the RPC serves.
    /// @param network The configuration's `network`.
    /// @param fix What to do instead.
    error DeployTrustedSetupNotCeremony(string kind, uint256 chainId, string network, string fix);

    /// @notice The override is set to something other than its one accepted value.
    /// @param value The value found.
    /// @param fix What to set instead.
    error DeployTrustedSetupOverrideInvalid(string value, string fix);

    /// @notice Whether `kind` is the ceremony kind. Only the exact string counts: "Ceremony", "prod" or "" do not.
    function isCeremony(string memory kind) internal pure returns (bool) {
        return keccak256(bytes(kind)) == keccak256(bytes(CEREMONY));
    }

    /// @notice Whether a deployment to `chainId` with configuration network `network` is local.
    function isLocal(uint256 chainId, string memory network) internal pure returns (bool) {
        return chainId == LOCAL_CHAIN_ID && keccak256(bytes(network)) == keccak256(bytes(LOCAL_NETWORK));
    }

    /// @notice Whether the override is set: its value is empty (unset) or exactly OVERRIDE_VALUE, or this reverts.
    /// @param value The environment variable's value, "" when unset.
    function overrideGiven(string memory value) internal pure returns (bool) {
        if (bytes(value).length == 0) return false;
        if (keccak256(bytes(value)) == keccak256(bytes(OVERRIDE_VALUE))) return true;
        revert DeployTrustedSetupOverrideInvalid(
            value,
            string.concat(
                "the only accepted value is ",
                OVERRIDE_NAME,
                "=",
                OVERRIDE_VALUE,
                " (and only for a throwaway testnet); unset it otherwise"
            )
        );
    }

    /// @notice Allows the keys on this chain or reverts with what to do.
    /// @param kind The manifest's `setup.kind`.
    /// @param chainId The chain the RPC serves.
    /// @param network The configuration's `network`.
    /// @param overrideSet Whether the override is set (see overrideGiven).
    function decide(string memory kind, uint256 chainId, string memory network, bool overrideSet)
        internal
        pure
        returns (Decision memory d)
    {
        d.kind = kind;
        d.local = isLocal(chainId, network);
        if (d.local || isCeremony(kind)) return d;
        if (!overrideSet) {
            revert DeployTrustedSetupNotCeremony(
                kind,
                chainId,
                network,
                string.concat(
                    "circuits/manifest.json says setup.kind is '",
                    kind,
                    "', not '",
                    CEREMONY,
                    "': whoever ran that setup can forge a proof of any output, so its keys go to the local chain ",
                    "(31337, network 'local') only. Run the ceremony and deploy its keys (docs/security.md), or, for a ",
                    "throwaway testnet, set ",
                    OVERRIDE_NAME,
                    "=",
                    OVERRIDE_VALUE
                )
            );
        }
        d.overrideUsed = true;
    }
}
