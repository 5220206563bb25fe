// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {ProtocolConstants} from "../../contracts/libraries/ProtocolConstants.sol";
import {FeeShares, ServiceParams} from "../../contracts/types/InferenceTypes.sol";

/// @title DeployConfig
/// @notice The per-network deployment parameters of `script/config/<network>.json`, read once and validated before
/// anything is sent: a wrong value stops the deployment with a message naming the field and the fix.
/// @dev Token amounts are decimal strings in wei (JSON numbers lose precision above 2^53); durations are seconds.
library DeployConfig {
    /// @notice The ERC-20 token and where its supply goes.
    struct Token {
        string name;
        string symbol;
        uint256 initialSupply;
        uint256 cap;
        address treasury;
    }

    /// @notice Governor and timelock settings.
    struct Governance {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
        uint256 timelockDelay;
    }

    /// @notice Chainlink VRF v2.5 settings. With `mock`, the local-mocks phase provides the coordinator and the
    /// subscription (see LocalMocks.s.sol) and `coordinator` / `subscriptionId` are ignored.
    struct Vrf {
        bool mock;
        address coordinator;
        bytes32 keyHash;
        uint256 subscriptionId;
        uint32 callbackGasLimit;
        uint16 requestConfirmations;
        bool nativePayment;
        /// @dev Whether the deployer owns the subscription and adds the EpochRandomness as a consumer itself.
        bool addConsumer;
        /// @dev Mock only: LINK-denominated balance the mock subscription is funded with.
        uint256 mockFunding;
    }

    /// @notice A Chainlink price feed for consumers (MarketSignalVault). With a mock VRF the feed is a
    /// MockV3Aggregator deployed with `mockDecimals` and `mockAnswer`.
    struct PriceFeed {
        string name;
        address feed;
        uint8 mockDecimals;
        int256 mockAnswer;
    }

    /// @notice Everything a deployment needs from the configuration file.
    struct Config {
        string path;
        string network;
        uint256 chainId;
        Token token;
        Governance governance;
        uint64 cooldown;
        uint256 minOperatorStake;
        FeeShares feeShares;
        ServiceParams service;
        uint96 callbackFeePerGas;
        Vrf vrf;
        PriceFeed[] priceFeeds;
        string artifactBaseURI;
        bool demoModels;
        address demoOwner;
    }

    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The default configuration file of a chain, or a revert naming the way to choose one.
    /// @param chainId The chain being deployed to.
    /// @param network The `DEPLOY_NETWORK` override ("" for none).
    function pathFor(uint256 chainId, string memory network) internal pure returns (string memory) {
        if (bytes(network).length != 0) return string.concat("script/config/", network, ".json");
        if (chainId == 31_337) return "script/config/local.json";
        if (chainId == 11_155_111) return "script/config/sepolia.json";
        revert(
            string.concat(
                "no configuration for chain ",
                vm.toString(chainId),
                ": add script/config/<network>.json and set DEPLOY_NETWORK=<network>"
            )
        );
    }

    /// @notice Reads and validates a configuration file.
    /// @param path The file, relative to the project root.
    /// @param chainId The chain being deployed to; must equal the file's `chainId`.
    function load(string memory path, uint256 chainId) internal view returns (Config memory c) {
        string memory json;
        try vm.readFile(path) returns (string memory text) {
            json = text;
        } catch {
            revert(string.concat("cannot read ", path, ": create it from script/config/local.json"));
        }
        c.path = path;
        c.network = _string(json, path, ".network");
        c.chainId = _uint(json, path, ".chainId");
        if (c.chainId != chainId) {
            revert(
                string.concat(
                    path,
                    ": chainId is ",
                    vm.toString(c.chainId),
                    " but the RPC serves chain ",
                    vm.toString(chainId),
                    "; point --rpc-url at the right chain or pick another DEPLOY_NETWORK"
                )
            );
        }
        _loadToken(c, json, path);
        _loadGovernance(c, json, path);
        c.cooldown = uint64(_bounded(json, path, ".staking.cooldown", type(uint64).max));
        c.minOperatorStake = _uint(json, path, ".staking.minOperatorStake");
        _loadCoordinator(c, json, path);
        _loadVrf(c, json, path);
        _loadPriceFeeds(c, json, path);
        c.artifactBaseURI = _string(json, path, ".circuits.artifactBaseURI");
        c.demoModels = _bool(json, path, ".demoModels.enabled");
        c.demoOwner = _address(json, path, ".demoModels.owner");
        validate(c);
    }

    /// @notice Checks every value against what the contracts accept and what a sane deployment needs.
    /// @param c The configuration.
    function validate(Config memory c) internal pure {
        string memory p = string.concat(c.path, ": ");
        _require(bytes(c.token.name).length != 0, p, "token.name is empty");
        _require(bytes(c.token.symbol).length != 0, p, "token.symbol is empty");
        _require(c.token.treasury != address(0), p, "token.treasury is the zero address; set the treasury (a multisig)");
        _require(c.token.cap != 0, p, "token.cap is zero");
        _require(c.token.initialSupply <= c.token.cap, p, "token.initialSupply is above token.cap");
        _require(c.governance.votingPeriod != 0, p, "governance.votingPeriod must be at least 1 second");
        _require(
            c.governance.quorumPercent >= 1 && c.governance.quorumPercent <= 100,
            p,
            "governance.quorumPercent must be between 1 and 100"
        );
        _require(
            c.governance.timelockDelay <= 30 days, p, "governance.timelockDelay above 30 days locks governance out"
        );
        _require(
            c.cooldown >= ProtocolConstants.MIN_COOLDOWN && c.cooldown <= ProtocolConstants.MAX_COOLDOWN,
            p,
            "staking.cooldown must be between 86400 (1 day) and 7776000 (90 days) seconds"
        );
        _require(c.minOperatorStake != 0, p, "staking.minOperatorStake is zero: anyone could register as operator");
        FeeShares memory s = c.feeShares;
        _require(
            uint256(s.operatorBps) + s.modelOwnerBps + s.dataBps + s.stakersBps + s.treasuryBps
                == ProtocolConstants.BPS,
            p,
            "coordinator.feeShares must sum to exactly 10000 basis points"
        );
        _require(c.service.requestTimeout != 0, p, "coordinator.requestTimeout is zero");
        _require(
            c.service.exclusiveWindow < c.service.requestTimeout,
            p,
            "coordinator.exclusiveWindow must be shorter than coordinator.requestTimeout"
        );
        _require(
            c.service.maxCallbackGas <= ProtocolConstants.MAX_CALLBACK_GAS,
            p,
            "coordinator.maxCallbackGas is above the protocol cap of 2500000"
        );
        _require(c.service.roundBlocks != 0, p, "coordinator.roundBlocks is zero");
        _require(
            c.service.roundBlocks <= c.vrf.requestConfirmations,
            p,
            "coordinator.roundBlocks above vrf.requestConfirmations: a request could join a round whose seed is known"
        );
        _require(
            c.cooldown >= uint256(c.service.requestTimeout) + ProtocolConstants.SLASH_GRACE,
            p,
            "staking.cooldown below coordinator.requestTimeout + 1 hour: a slashed operator could withdraw first"
        );
        _require(c.vrf.keyHash != bytes32(0), p, "vrf.keyHash is zero; take the key hash (gas lane) from Chainlink");
        _require(
            c.vrf.callbackGasLimit >= 50_000 && c.vrf.callbackGasLimit <= 2_500_000,
            p,
            "vrf.callbackGasLimit must be between 50000 and 2500000 (the seed callback needs about 50000)"
        );
        _require(
            c.vrf.requestConfirmations >= 3 && c.vrf.requestConfirmations <= 200,
            p,
            "vrf.requestConfirmations must be between 3 and 200"
        );
        if (c.vrf.mock) {
            _require(c.chainId == 31_337, p, "vrf.mock is only allowed on a local chain (31337)");
            _require(c.vrf.mockFunding != 0, p, "vrf.mockFunding is zero: the mock subscription could not pay");
        } else {
            _require(c.vrf.coordinator != address(0), p, "vrf.coordinator is the zero address");
            _require(
                c.vrf.subscriptionId != 0,
                p,
                "vrf.subscriptionId is 0: create a subscription at vrf.chain.link and put its id here"
            );
        }
        for (uint256 i; i < c.priceFeeds.length; ++i) {
            PriceFeed memory f = c.priceFeeds[i];
            _require(bytes(f.name).length != 0, p, "priceFeeds[].name is empty");
            if (c.vrf.mock) {
                _require(
                    f.mockDecimals != 0 && f.mockAnswer > 0,
                    p,
                    "priceFeeds[]: a mock feed needs mockDecimals and a positive mockAnswer"
                );
            } else {
                _require(f.feed != address(0), p, string.concat("priceFeeds ", f.name, ": address is the zero address"));
            }
        }
        _require(bytes(c.artifactBaseURI).length != 0, p, "circuits.artifactBaseURI is empty");
        _require(
            !_contains(c.artifactBaseURI, "REPLACE"), p, "circuits.artifactBaseURI still holds a placeholder; set it"
        );
        _require(
            bytes(c.artifactBaseURI)[bytes(c.artifactBaseURI).length - 1] == "/",
            p,
            "circuits.artifactBaseURI must end with '/'"
        );
        if (c.demoModels) _require(c.demoOwner != address(0), p, "demoModels.owner is the zero address");
    }

    /* ------------------------------------------------------------------ */
    /*                               SECTIONS                             */
    /* ------------------------------------------------------------------ */

    function _loadToken(Config memory c, string memory json, string memory path) private view {
        c.token = Token({
            name: _string(json, path, ".token.name"),
            symbol: _string(json, path, ".token.symbol"),
            initialSupply: _uint(json, path, ".token.initialSupply"),
            cap: _uint(json, path, ".token.cap"),
            treasury: _address(json, path, ".token.treasury")
        });
    }

    function _loadGovernance(Config memory c, string memory json, string memory path) private view {
        c.governance = Governance({
            votingDelay: uint48(_bounded(json, path, ".governance.votingDelay", type(uint48).max)),
            votingPeriod: uint32(_bounded(json, path, ".governance.votingPeriod", type(uint32).max)),
            proposalThreshold: _uint(json, path, ".governance.proposalThreshold"),
            quorumPercent: _uint(json, path, ".governance.quorumPercent"),
            timelockDelay: _uint(json, path, ".governance.timelockDelay")
        });
    }

    function _loadCoordinator(Config memory c, string memory json, string memory path) private view {
        string memory f = ".coordinator.feeShares.";
        c.feeShares = FeeShares({
            operatorBps: uint16(_bounded(json, path, string.concat(f, "operatorBps"), type(uint16).max)),
            modelOwnerBps: uint16(_bounded(json, path, string.concat(f, "modelOwnerBps"), type(uint16).max)),
            dataBps: uint16(_bounded(json, path, string.concat(f, "dataBps"), type(uint16).max)),
            stakersBps: uint16(_bounded(json, path, string.concat(f, "stakersBps"), type(uint16).max)),
            treasuryBps: uint16(_bounded(json, path, string.concat(f, "treasuryBps"), type(uint16).max))
        });
        c.service = ServiceParams({
            exclusiveWindow: uint32(_bounded(json, path, ".coordinator.exclusiveWindow", type(uint32).max)),
            requestTimeout: uint32(_bounded(json, path, ".coordinator.requestTimeout", type(uint32).max)),
            maxCallbackGas: uint32(_bounded(json, path, ".coordinator.maxCallbackGas", type(uint32).max)),
            slashAmount: uint96(_bounded(json, path, ".coordinator.slashAmount", type(uint96).max)),
            roundBlocks: uint16(_bounded(json, path, ".coordinator.roundBlocks", type(uint16).max))
        });
        c.callbackFeePerGas = uint96(_bounded(json, path, ".coordinator.callbackFeePerGas", type(uint96).max));
    }

    function _loadVrf(Config memory c, string memory json, string memory path) private view {
        c.vrf = Vrf({
            mock: _bool(json, path, ".vrf.mock"),
            coordinator: _address(json, path, ".vrf.coordinator"),
            keyHash: _bytes32(json, path, ".vrf.keyHash"),
            subscriptionId: _uint(json, path, ".vrf.subscriptionId"),
            callbackGasLimit: uint32(_bounded(json, path, ".vrf.callbackGasLimit", type(uint32).max)),
            requestConfirmations: uint16(_bounded(json, path, ".vrf.requestConfirmations", type(uint16).max)),
            nativePayment: _bool(json, path, ".vrf.nativePayment"),
            addConsumer: _bool(json, path, ".vrf.addConsumer"),
            mockFunding: _uint(json, path, ".vrf.mockFunding")
        });
    }

    function _loadPriceFeeds(Config memory c, string memory json, string memory path) private view {
        uint256 count;
        while (vm.keyExistsJson(json, string.concat(".priceFeeds[", vm.toString(count), "]"))) ++count;
        c.priceFeeds = new PriceFeed[](count);
        for (uint256 i; i < count; ++i) {
            string memory k = string.concat(".priceFeeds[", vm.toString(i), "].");
            c.priceFeeds[i] = PriceFeed({
                name: _string(json, path, string.concat(k, "name")),
                feed: _address(json, path, string.concat(k, "address")),
                mockDecimals: uint8(_bounded(json, path, string.concat(k, "mockDecimals"), 36)),
                mockAnswer: int256(_bounded(json, path, string.concat(k, "mockAnswer"), uint256(type(int256).max)))
            });
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                FIELDS                              */
    /* ------------------------------------------------------------------ */

    function _present(string memory json, string memory path, string memory key) private view {
        if (!vm.keyExistsJson(json, key)) revert(string.concat(path, ": missing ", key, " (see docs/deployment.md)"));
    }

    function _uint(string memory json, string memory path, string memory key) private view returns (uint256) {
        _present(json, path, key);
        return vm.parseJsonUint(json, key);
    }

    function _bounded(string memory json, string memory path, string memory key, uint256 max)
        private
        view
        returns (uint256 value)
    {
        value = _uint(json, path, key);
        if (value > max) revert(string.concat(path, ": ", key, " is above its maximum ", vm.toString(max)));
    }

    function _string(string memory json, string memory path, string memory key) private view returns (string memory) {
        _present(json, path, key);
        return vm.parseJsonString(json, key);
    }

    function _address(string memory json, string memory path, string memory key) private view returns (address) {
        _present(json, path, key);
        return vm.parseJsonAddress(json, key);
    }

    function _bytes32(string memory json, string memory path, string memory key) private view returns (bytes32) {
        _present(json, path, key);
        return vm.parseJsonBytes32(json, key);
    }

    function _bool(string memory json, string memory path, string memory key) private view returns (bool) {
        _present(json, path, key);
        return vm.parseJsonBool(json, key);
    }

    function _require(bool ok, string memory prefix, string memory message) private pure {
        if (!ok) revert(string.concat(prefix, message));
    }

    function _contains(string memory haystack, string memory needle) private pure returns (bool) {
        bytes memory h = bytes(haystack);
        bytes memory n = bytes(needle);
        if (n.length > h.length) return false;
        for (uint256 i; i <= h.length - n.length; ++i) {
            bool found = true;
            for (uint256 j; j < n.length; ++j) {
                if (h[i + j] != n[j]) {
                    found = false;
                    break;
                }
            }
            if (found) return true;
        }
        return false;
    }
}
