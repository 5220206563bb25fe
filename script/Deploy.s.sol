// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVRFCoordinatorV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/interfaces/IVRFCoordinatorV2Plus.sol";
import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";
import {
    TimelockControllerUpgradeable
} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Script, console} from "forge-std/Script.sol";

import {AuditRegistry} from "../contracts/audit/AuditRegistry.sol";
import {DataRegistry} from "../contracts/data/DataRegistry.sol";
import {DataRewards} from "../contracts/data/DataRewards.sol";
import {SymbioteGovernor} from "../contracts/governance/SymbioteGovernor.sol";
import {SymbioteTimelock} from "../contracts/governance/SymbioteTimelock.sol";
import {IModelRegistry} from "../contracts/interfaces/IModelRegistry.sol";
import {EpochRandomness} from "../contracts/oracle/EpochRandomness.sol";
import {ExpiryKeeper} from "../contracts/oracle/ExpiryKeeper.sol";
import {InferenceCoordinator} from "../contracts/oracle/InferenceCoordinator.sol";
import {ModelRegistry} from "../contracts/registry/ModelRegistry.sol";
import {StakingVault} from "../contracts/staking/StakingVault.sol";
import {SymbioteToken} from "../contracts/token/SymbioteToken.sol";
import {Decision} from "../contracts/types/InferenceTypes.sol";
import {VersionParams} from "../contracts/types/ModelTypes.sol";
import {CircuitManifest} from "./deploy/CircuitManifest.sol";
import {DeployConfig} from "./deploy/DeployConfig.sol";
import {DeployEnv} from "./deploy/DeployEnv.sol";
import {DeploymentFile} from "./deploy/DeploymentFile.sol";
import {TrustedSetup} from "./deploy/TrustedSetup.sol";

/// @title Deploy
/// @notice Deploys the whole protocol from `script/config/<network>.json` and `circuits/manifest.json`, then leaves
/// every admin, upgrade and ownership right with the timelock, and writes `deployments/<chainId>.json`.
/// @dev The hand-over. Every UUPS contract is initialized with the timelock as its admin or owner from the start, so
/// the deployer never holds a right on them. The deployer's only rights are temporary ones on the timelock itself,
/// which is initialized with a delay of 0 and the deployer as proposer, executor and admin. With them the deployer
/// schedules and at once executes one batch, as governance would: grant the coordinator SLASHER_ROLE and
/// REWARD_NOTIFIER_ROLE (vault) and
/// GRANT_CONSUMER_ROLE (data registry), register every circuit of the manifest, accept the two-step ownership of
/// EpochRandomness, and set the real delay (only the timelock itself can). It then makes the governor proposer and
/// canceller, opens execution to anyone, and renounces every role it held. The script checks that end state before
/// anything is sent: a failed check aborts the whole run.
///
/// Keys from anything but a ceremony (`circuits/manifest.json`'s `setup.kind`; the repository's is "dev") are
/// refused on every chain but the local one (31337 with the configuration's `network: "local"`), unless
/// SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS is set (see TrustedSetup). Every deployment
/// prints and records the setup kind, and whether the override let it through.
///
/// Usage (see docs/deployment.md): `npm run deploy:local`, or
/// `forge script script/Deploy.s.sol --rpc-url $RPC_URL --broadcast [--verify]` with PRIVATE_KEY in the environment.
/// Environment: PRIVATE_KEY (defaults to anvil's first key on 31337), DEPLOY_NETWORK (config name; by default
/// chosen from the chain id), DEMO_MODELS (true/false, overrides demoModels.enabled), GIT_COMMIT, DEPLOYMENT_FILE,
/// SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP (a throwaway testnet with dev keys only).
contract Deploy is Script {
    /// @notice Salt of the deployment's timelock batch (an operation id must be unique).
    bytes32 internal constant HANDOVER_SALT = keccak256("symbiote.deploy.handover");

    /// @notice A fairness-audit circuit registered at deployment (docs/audit.md): its verifier contract and shape.
    struct AuditCircuitPlan {
        string verifier;
        uint32 rows;
        uint16 features;
    }

    /// @notice External contracts: the VRF coordinator and subscription, and the price feeds (same order as the
    /// configuration's `priceFeeds`).
    struct External {
        address vrfCoordinator;
        uint256 subscriptionId;
        address[] priceFeeds;
    }

    /* ------------------------------------------------------------------ */
    /*                                RESULT                              */
    /* ------------------------------------------------------------------ */

    address public deployer;
    uint256 public startBlock;
    SymbioteTimelock public timelock;
    SymbioteToken public token;
    StakingVault public vault;
    SymbioteGovernor public governor;
    ModelRegistry public registry;
    DataRegistry public dataRegistry;
    DataRewards public dataRewards;
    InferenceCoordinator public coordinator;
    AuditRegistry public auditRegistry;
    EpochRandomness public randomness;
    ExpiryKeeper public expiryKeeper;
    External internal _external;
    /// @dev The trusted setup behind the registered keys, and whether the override let it through.
    TrustedSetup.Decision internal _trustedSetup;
    bool internal _trustedSetupDecided;
    /// @dev Registered circuits, in registry id order (id = index + 1).
    string[] internal _circuitKeys;
    string[] internal _verifierContracts;
    address[] internal _verifiers;
    /// @dev Audit circuits' verifiers, in audit-registry id order (`_auditCircuits`).
    address[] internal _auditVerifiers;
    /// @dev Demo models, in registry id order.
    string[] internal _modelNames;
    uint256[] internal _modelIds;

    /* ------------------------------------------------------------------ */
    /*                              ENTRY POINT                           */
    /* ------------------------------------------------------------------ */

    /// @notice Deploys to the chain behind --rpc-url with the configuration chosen by chain id or DEPLOY_NETWORK.
    function run() external {
        DeployConfig.Config memory config = DeployConfig.load(
            DeployConfig.pathFor(block.chainid, vm.envOr("DEPLOY_NETWORK", string(""))), block.chainid
        );
        config.demoModels = vm.envOr("DEMO_MODELS", config.demoModels);
        _decideTrustedSetup(config);
        External memory ext = config.vrf.mock ? _localMocks(config) : _configured(config);
        deploy(config, DeployEnv.deployerKey(), ext);

        string memory path = DeployEnv.deploymentPath(block.chainid);
        if (DeployEnv.broadcasting()) {
            vm.createDir("deployments", true);
            vm.writeJson(_deploymentJson(config), path);
            console.log("wrote", path);
        } else {
            console.log("dry run: %s not written (add --broadcast to deploy)", path);
        }
    }

    /// @notice Deploys and wires everything, hands every right to the timelock and checks the result.
    /// @param config The validated configuration.
    /// @param deployerKey The key whose account sends every transaction.
    /// @param ext The VRF coordinator, subscription and price feeds to use.
    function deploy(DeployConfig.Config memory config, uint256 deployerKey, External memory ext) public {
        if (!_trustedSetupDecided) _decideTrustedSetup(config);
        deployer = vm.addr(deployerKey);
        startBlock = block.number;
        _external = ext;
        CircuitManifest.Entry[] memory circuits = CircuitManifest.load(config.artifactBaseURI);
        _preflight(config, ext);

        vm.startBroadcast(deployerKey);
        _deployGovernance(config);
        _deployRegistries(config);
        _deployOracle(config, ext);
        _deployVerifiers(circuits);
        _executeHandoverBatch(config, circuits);
        if (config.demoModels) _registerDemoModels(config.demoOwner);
        _renounceTimelockRoles();
        vm.stopBroadcast();

        _checkEndState(config);
        _log(config);
    }

    /* ------------------------------------------------------------------ */
    /*                             TRUSTED SETUP                          */
    /* ------------------------------------------------------------------ */

    /// @dev First, before the chain is read or anything sent: keys anyone who ran a dev setup can forge proofs with
    /// never reach a real network by accident (TrustedSetup).
    function _decideTrustedSetup(DeployConfig.Config memory config) internal {
        _trustedSetup = TrustedSetup.decide(
            CircuitManifest.setupKind(), block.chainid, config.network, DeployEnv.trustedSetupOverride()
        );
        _trustedSetupDecided = true;
        if (_trustedSetup.overrideUsed) _warnOverride(config);
    }

    /* ------------------------------------------------------------------ */
    /*                               EXTERNALS                            */
    /* ------------------------------------------------------------------ */

    /// @dev Local chain: the mocks LocalMocks deployed, and the subscription it created as the chain recorded it.
    function _localMocks(DeployConfig.Config memory config) internal view returns (External memory ext) {
        string memory path = DeployEnv.mocksPath(block.chainid);
        string memory json;
        try vm.readFile(path) returns (string memory text) {
            json = text;
        } catch {
            revert(
                string.concat(
                    "cannot read ",
                    path,
                    ": deploy the local mocks first (`forge script script/deploy/LocalMocks.s.sol --broadcast`; ",
                    "`npm run deploy:local` runs both phases)"
                )
            );
        }
        ext.vrfCoordinator = vm.parseJsonAddress(json, ".vrfCoordinator");
        if (ext.vrfCoordinator.code.length == 0) {
            revert(string.concat(path, " names a VRF mock with no code on this chain: rerun LocalMocks.s.sol"));
        }
        uint256[] memory ids = IVRFCoordinatorV2Plus(ext.vrfCoordinator).getActiveSubscriptionIds(0, 0);
        if (ids.length != 1) revert("the local VRF mock must hold exactly one subscription: rerun LocalMocks.s.sol");
        ext.subscriptionId = ids[0];
        ext.priceFeeds = new address[](config.priceFeeds.length);
        for (uint256 i; i < ext.priceFeeds.length; ++i) {
            string memory k = string.concat(".priceFeeds['", config.priceFeeds[i].name, "']");
            if (!vm.keyExistsJson(json, k)) {
                revert(
                    string.concat(path, " has no mock for price feed ", config.priceFeeds[i].name, ": rerun LocalMocks")
                );
            }
            ext.priceFeeds[i] = vm.parseJsonAddress(json, k);
        }
    }

    /// @dev Any other chain: everything comes from the configuration.
    function _configured(DeployConfig.Config memory config) internal pure returns (External memory ext) {
        ext.vrfCoordinator = config.vrf.coordinator;
        ext.subscriptionId = config.vrf.subscriptionId;
        ext.priceFeeds = new address[](config.priceFeeds.length);
        for (uint256 i; i < ext.priceFeeds.length; ++i) {
            ext.priceFeeds[i] = config.priceFeeds[i].feed;
        }
    }

    /// @dev Checks what the chain must already hold, before anything is sent.
    function _preflight(DeployConfig.Config memory config, External memory ext) internal view {
        if (ext.vrfCoordinator.code.length == 0) {
            revert(string.concat(config.path, ": vrf.coordinator has no code on this chain"));
        }
        (,,, address subOwner,) = IVRFCoordinatorV2Plus(ext.vrfCoordinator).getSubscription(ext.subscriptionId);
        if (config.vrf.addConsumer && subOwner != deployer) {
            revert(
                string.concat(
                    config.path,
                    ": vrf.addConsumer is true but the deployer does not own subscription ",
                    vm.toString(ext.subscriptionId),
                    "; set it to false and add the consumer from the owner after deployment"
                )
            );
        }
        for (uint256 i; i < ext.priceFeeds.length; ++i) {
            if (ext.priceFeeds[i].code.length == 0) {
                revert(string.concat(config.path, ": price feed ", config.priceFeeds[i].name, " has no code"));
            }
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               CONTRACTS                            */
    /* ------------------------------------------------------------------ */

    function _deployGovernance(DeployConfig.Config memory config) internal {
        address[] memory self = new address[](1);
        self[0] = deployer;
        // Delay 0 and the deployer as proposer, executor and admin: only for the hand-over batch below.
        timelock = SymbioteTimelock(
            payable(_proxy(
                    address(new SymbioteTimelock()),
                    abi.encodeCall(TimelockControllerUpgradeable.initialize, (0, self, self, deployer))
                ))
        );
        token = SymbioteToken(
            _proxy(
                address(new SymbioteToken()),
                abi.encodeCall(
                    SymbioteToken.initialize,
                    (
                        config.token.name,
                        config.token.symbol,
                        config.token.treasury,
                        config.token.initialSupply,
                        config.token.cap,
                        address(timelock)
                    )
                )
            )
        );
        vault = StakingVault(
            _proxy(
                address(new StakingVault()),
                abi.encodeCall(
                    StakingVault.initialize,
                    (address(token), address(timelock), config.cooldown, config.minOperatorStake)
                )
            )
        );
        governor = SymbioteGovernor(
            payable(_proxy(
                    address(new SymbioteGovernor()),
                    abi.encodeCall(
                        SymbioteGovernor.initialize,
                        (
                            vault,
                            timelock,
                            config.governance.votingDelay,
                            config.governance.votingPeriod,
                            config.governance.proposalThreshold,
                            config.governance.quorumPercent
                        )
                    )
                ))
        );
    }

    function _deployRegistries(DeployConfig.Config memory config) internal {
        registry = ModelRegistry(
            _proxy(address(new ModelRegistry()), abi.encodeCall(ModelRegistry.initialize, (address(timelock))))
        );
        // Proven fairness audits of the registry's versions, governed by the timelock like the registry.
        auditRegistry = AuditRegistry(
            _proxy(
                address(new AuditRegistry()),
                abi.encodeCall(AuditRegistry.initialize, (address(timelock), address(registry)))
            )
        );
        dataRegistry = DataRegistry(
            _proxy(address(new DataRegistry()), abi.encodeCall(DataRegistry.initialize, (address(timelock))))
        );
        dataRewards = DataRewards(
            _proxy(
                address(new DataRewards()),
                abi.encodeCall(
                    DataRewards.initialize,
                    (address(token), address(registry), address(dataRegistry), config.token.treasury, address(timelock))
                )
            )
        );
    }

    /// @dev EpochRandomness names the coordinator as its only consumer and the coordinator names it as its randomness
    /// source: the randomness is deployed first, for the address the coordinator proxy will get one nonce later.
    function _deployOracle(DeployConfig.Config memory config, External memory ext) internal {
        address implementation = address(new InferenceCoordinator());
        address predicted = _coordinatorAddress();
        randomness = new EpochRandomness(
            ext.vrfCoordinator,
            predicted,
            EpochRandomness.VrfConfig({
                keyHash: config.vrf.keyHash,
                subscriptionId: ext.subscriptionId,
                requestConfirmations: config.vrf.requestConfirmations,
                callbackGasLimit: config.vrf.callbackGasLimit,
                nativePayment: config.vrf.nativePayment
            })
        );
        coordinator = InferenceCoordinator(
            _deployCoordinatorProxy(
                implementation,
                abi.encodeCall(
                    InferenceCoordinator.initialize,
                    (
                        InferenceCoordinator.Dependencies({
                            token: address(token),
                            registry: address(registry),
                            vault: address(vault),
                            dataRegistry: address(dataRegistry),
                            dataRewards: address(dataRewards),
                            randomness: address(randomness),
                            treasury: config.token.treasury
                        }),
                        address(timelock),
                        config.feeShares,
                        config.service,
                        config.callbackFeePerGas
                    )
                )
            )
        );
        if (address(coordinator) != predicted) {
            revert("the coordinator proxy did not land where EpochRandomness expects it; was a transaction inserted?");
        }
        // The Automation upkeep for expired requests: no rights, only the coordinator's permissionless cancelExpired.
        expiryKeeper = new ExpiryKeeper(address(coordinator));
        // Two-step: the timelock accepts in the hand-over batch.
        randomness.transferOwnership(address(timelock));
        if (config.vrf.mock) {
            // The mock takes any amount without a LINK transfer.
            VRFCoordinatorV2_5Mock(ext.vrfCoordinator).fundSubscription(ext.subscriptionId, config.vrf.mockFunding);
        }
        if (config.vrf.addConsumer) {
            IVRFCoordinatorV2Plus(ext.vrfCoordinator).addConsumer(ext.subscriptionId, address(randomness));
        }
    }

    /// @dev Where the coordinator proxy will be: the deployer's next address but one (EpochRandomness comes first).
    /// Virtual so that a test deployment can place the coordinator where its proof fixtures are bound.
    function _coordinatorAddress() internal view virtual returns (address) {
        return vm.computeCreateAddress(deployer, vm.getNonce(deployer) + 1);
    }

    /// @dev Deploys the coordinator's proxy at `_coordinatorAddress()`.
    function _deployCoordinatorProxy(address implementation, bytes memory initCall) internal virtual returns (address) {
        return _proxy(implementation, initCall);
    }

    /// @dev Verifiers are created from their compiled artifacts by the names the manifest gives, so a new circuit
    /// needs no change here.
    function _deployVerifiers(CircuitManifest.Entry[] memory circuits) internal {
        for (uint256 i; i < circuits.length; ++i) {
            string memory name = circuits[i].verifierContract;
            address verifier = _create(name);
            circuits[i].circuit.verifier = verifier;
            _circuitKeys.push(CircuitManifest.key(circuits[i]));
            _verifierContracts.push(name);
            _verifiers.push(verifier);
        }
        AuditCircuitPlan[] memory audits = _auditCircuits();
        for (uint256 i; i < audits.length; ++i) {
            _auditVerifiers.push(_create(audits[i].verifier));
        }
    }

    /// @dev The fairness-audit circuits registered at deployment, in audit-registry id order: the classifier's (id 1)
    /// and the compiled tree ensembles' of 4 trees of depth 3 over 8 features (id 2). Audit circuits live outside
    /// circuits/manifest.json (which lists the inference circuits the coordinator serves); governance registers
    /// further ones with `AuditRegistry.registerAuditCircuit`.
    function _auditCircuits() internal pure returns (AuditCircuitPlan[] memory audits) {
        audits = new AuditCircuitPlan[](2);
        audits[0] = AuditCircuitPlan({verifier: "Classifier16Audit32Verifier", rows: 32, features: 16});
        audits[1] = AuditCircuitPlan({verifier: "Trees4x3x8Audit32Verifier", rows: 32, features: 8});
    }

    /// @dev Creates the compiled contract `name` (no constructor arguments) from its artifact.
    function _create(string memory name) internal returns (address created) {
        bytes memory code;
        try vm.getCode(string.concat(name, ".sol:", name)) returns (bytes memory compiled) {
            code = compiled;
        } catch {
            revert(string.concat("no compiled artifact for ", name, ": run `forge build`"));
        }
        assembly ("memory-safe") {
            created := create(0, add(code, 0x20), mload(code))
        }
        if (created == address(0)) revert(string.concat("deploying ", name, " failed"));
    }

    /* ------------------------------------------------------------------ */
    /*                                HAND-OVER                           */
    /* ------------------------------------------------------------------ */

    /// @dev One timelock batch, scheduled with delay 0 and executed at once: what governance would otherwise vote on.
    function _executeHandoverBatch(DeployConfig.Config memory config, CircuitManifest.Entry[] memory circuits)
        internal
    {
        AuditCircuitPlan[] memory audits = _auditCircuits();
        uint256 auditsAt = 2 + circuits.length;
        uint256 n = auditsAt + audits.length + 5;
        address[] memory targets = new address[](n);
        uint256[] memory values = new uint256[](n);
        bytes[] memory payloads = new bytes[](n);
        targets[0] = address(vault);
        payloads[0] = abi.encodeCall(vault.grantRole, (vault.SLASHER_ROLE(), address(coordinator)));
        // Only the fee source closes the stakers' reward intervals.
        targets[n - 4] = address(vault);
        payloads[n - 4] = abi.encodeCall(vault.grantRole, (vault.REWARD_NOTIFIER_ROLE(), address(coordinator)));
        targets[1] = address(dataRegistry);
        payloads[1] = abi.encodeCall(dataRegistry.grantRole, (dataRegistry.GRANT_CONSUMER_ROLE(), address(coordinator)));
        for (uint256 i; i < circuits.length; ++i) {
            targets[2 + i] = address(registry);
            payloads[2 + i] = abi.encodeCall(IModelRegistry.registerCircuit, (circuits[i].circuit));
        }
        // Flags and retirements reach the coordinator's copy only through the binding.
        targets[n - 3] = address(registry);
        payloads[n - 3] = abi.encodeCall(IModelRegistry.bindCoordinator, (address(coordinator)));
        // Committed-input requests read the consent ledger in the coordinator; the DataRegistry keeps it exact.
        targets[n - 5] = address(dataRegistry);
        payloads[n - 5] = abi.encodeCall(dataRegistry.bindCoordinator, (address(coordinator)));
        for (uint256 i; i < audits.length; ++i) {
            targets[auditsAt + i] = address(auditRegistry);
            payloads[auditsAt + i] = abi.encodeCall(
                auditRegistry.registerAuditCircuit, (_auditVerifiers[i], audits[i].rows, audits[i].features)
            );
        }
        targets[n - 2] = address(randomness);
        payloads[n - 2] = abi.encodeCall(randomness.acceptOwnership, ());
        // Last, so that the batch itself still runs under the zero delay it was scheduled with.
        targets[n - 1] = address(timelock);
        payloads[n - 1] = abi.encodeCall(timelock.updateDelay, (config.governance.timelockDelay));

        timelock.scheduleBatch(targets, values, payloads, bytes32(0), HANDOVER_SALT, 0);
        timelock.executeBatch(targets, values, payloads, bytes32(0), HANDOVER_SALT);
    }

    /// @dev Registered by the deployer (anyone may register a model), then handed to the configured owner.
    function _registerDemoModels(address owner) internal {
        string memory json = vm.readFile("script/config/demo-models.json");
        for (uint256 i; vm.keyExistsJson(json, string.concat(".models[", vm.toString(i), "]")); ++i) {
            string memory m = string.concat(".models[", vm.toString(i), "].");
            string memory name = vm.parseJsonString(json, string.concat(m, "name"));
            uint256 modelId = registry.registerModel(
                _circuitId(vm.parseJsonString(json, string.concat(m, "publicCircuit")), name),
                _circuitId(vm.parseJsonString(json, string.concat(m, "committedCircuit")), name),
                uint96(vm.parseJsonUint(json, string.concat(m, "feePerInference"))),
                false,
                VersionParams({
                    weightsCommitment: vm.parseJsonUint(json, string.concat(m, "weightsCommitment")),
                    trainingDataRoot: bytes32(0),
                    totalDataWeight: 0,
                    metadataURI: vm.parseJsonString(json, string.concat(m, "metadataURI"))
                })
            );
            if (owner != deployer) registry.transferModelOwnership(modelId, owner);
            _modelNames.push(name);
            _modelIds.push(modelId);
        }
    }

    function _renounceTimelockRoles() internal {
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        // Anyone may execute a passed proposal once its delay has run.
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0));
        timelock.renounceRole(timelock.PROPOSER_ROLE(), deployer);
        timelock.renounceRole(timelock.CANCELLER_ROLE(), deployer);
        timelock.renounceRole(timelock.EXECUTOR_ROLE(), deployer);
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer);
    }

    /* ------------------------------------------------------------------ */
    /*                               END STATE                            */
    /* ------------------------------------------------------------------ */

    /// @dev The rights the hand-over promises; `npm run deploy:check` checks the same and more on the live chain.
    function _checkEndState(DeployConfig.Config memory config) internal view {
        bytes32 admin = bytes32(0);
        address t = address(timelock);
        address c = address(coordinator);
        _expect(timelock.hasRole(admin, t) && !timelock.hasRole(admin, deployer), "timelock admin");
        _expect(!timelock.hasRole(timelock.PROPOSER_ROLE(), deployer), "deployer still proposer");
        _expect(!timelock.hasRole(timelock.EXECUTOR_ROLE(), deployer), "deployer still executor");
        _expect(!timelock.hasRole(timelock.CANCELLER_ROLE(), deployer), "deployer still canceller");
        _expect(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)), "governor not proposer");
        _expect(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)), "governor not canceller");
        _expect(timelock.getMinDelay() == config.governance.timelockDelay, "timelock delay");
        _expect(token.owner() == t, "token owner");
        _expect(randomness.owner() == t, "EpochRandomness owner");
        _expect(vault.hasRole(admin, t) && !vault.hasRole(admin, deployer), "vault admin");
        _expect(registry.hasRole(admin, t) && !registry.hasRole(admin, deployer), "registry admin");
        _expect(dataRegistry.hasRole(admin, t) && !dataRegistry.hasRole(admin, deployer), "data registry admin");
        _expect(dataRewards.hasRole(admin, t) && !dataRewards.hasRole(admin, deployer), "data rewards admin");
        _expect(coordinator.hasRole(admin, t) && !coordinator.hasRole(admin, deployer), "coordinator admin");
        _expect(vault.hasRole(vault.SLASHER_ROLE(), c), "coordinator not slasher");
        _expect(vault.hasRole(vault.REWARD_NOTIFIER_ROLE(), c), "coordinator not the reward notifier");
        _expect(dataRegistry.hasRole(dataRegistry.GRANT_CONSUMER_ROLE(), c), "coordinator not grant consumer");
        _expect(registry.circuitCount() == _verifiers.length, "circuit count");
        _expect(registry.boundCoordinator() == address(coordinator), "registry bound to the coordinator");
        _expect(dataRegistry.boundCoordinator() == c, "data registry bound to the coordinator");
        _expect(address(expiryKeeper.coordinator()) == c, "expiry keeper coordinator");
        _expect(auditRegistry.hasRole(admin, t) && !auditRegistry.hasRole(admin, deployer), "audit registry admin");
        _expect(auditRegistry.modelRegistry() == address(registry), "audit registry's model registry");
        _expect(auditRegistry.auditCircuitCount() == _auditVerifiers.length, "audit circuit count");
        for (uint32 id = 1; id <= _auditVerifiers.length; ++id) {
            _expect(auditRegistry.auditCircuit(id).verifier == _auditVerifiers[id - 1], "audit circuit verifier");
        }
    }

    function _expect(bool ok, string memory what) internal pure {
        if (!ok) revert(string.concat("deployment end state is wrong (", what, "); nothing was sent"));
    }

    /* ------------------------------------------------------------------ */
    /*                                 OUTPUT                             */
    /* ------------------------------------------------------------------ */

    function _deploymentJson(DeployConfig.Config memory config) internal returns (string memory) {
        DeploymentFile.Proxies memory proxies = DeploymentFile.Proxies({
            timelock: address(timelock),
            token: address(token),
            vault: address(vault),
            governor: address(governor),
            modelRegistry: address(registry),
            dataRegistry: address(dataRegistry),
            dataRewards: address(dataRewards),
            coordinator: address(coordinator),
            auditRegistry: address(auditRegistry)
        });
        string[] memory feedNames = new string[](config.priceFeeds.length);
        for (uint256 i; i < feedNames.length; ++i) {
            feedNames[i] = config.priceFeeds[i].name;
        }
        return DeploymentFile.render(
            DeploymentFile.Header({
                network: config.network,
                configPath: config.path,
                chainId: block.chainid,
                deployer: deployer,
                blockNumber: startBlock,
                gitCommit: DeployEnv.gitCommit(),
                timestamp: block.timestamp
            }),
            proxies,
            address(randomness),
            address(expiryKeeper),
            DeploymentFile.Vrf({
                coordinator: _external.vrfCoordinator, subscriptionId: _external.subscriptionId, mock: config.vrf.mock
            }),
            feedNames,
            _external.priceFeeds,
            DeploymentFile.Circuits({keys: _circuitKeys, verifierContracts: _verifierContracts, verifiers: _verifiers}),
            DeploymentFile.Setup({kind: _trustedSetup.kind, overrideUsed: _trustedSetup.overrideUsed}),
            _modelNames,
            _modelIds
        );
    }

    function _log(DeployConfig.Config memory config) internal view {
        console.log("Symbiote deployed on chain %s (%s) by %s", block.chainid, config.network, deployer);
        console.log("  timelock     ", address(timelock));
        console.log("  token        ", address(token));
        console.log("  vault        ", address(vault));
        console.log("  governor     ", address(governor));
        console.log("  registry     ", address(registry));
        console.log("  dataRegistry ", address(dataRegistry));
        console.log("  dataRewards  ", address(dataRewards));
        console.log("  coordinator  ", address(coordinator));
        console.log("  randomness   ", address(randomness));
        console.log("  expiryKeeper ", address(expiryKeeper));
        console.log("  auditRegistry", address(auditRegistry));
        console.log("  circuits     ", _verifiers.length);
        console.log("  trusted setup", _setupLabel());
        console.log("  demo models  ", _modelIds.length);
        if (_trustedSetup.overrideUsed) _warnOverride(config);
        if (!config.vrf.addConsumer) {
            console.log(
                "Add EpochRandomness as a consumer of VRF subscription %s from its owner:", _external.subscriptionId
            );
            console.log(
                "  cast send %s 'addConsumer(uint256,address)' %s %s",
                _external.vrfCoordinator,
                vm.toString(_external.subscriptionId),
                vm.toString(address(randomness))
            );
        }
    }

    /// @dev The setup kind and what it means here, for the summary.
    function _setupLabel() internal view returns (string memory) {
        string memory kind = _trustedSetup.kind;
        if (TrustedSetup.isCeremony(kind)) {
            return
                string.concat(
                    kind, " (multi-party ceremony, transcript sha256 ", CircuitManifest.transcriptSha256(), ")"
                );
        }
        if (_trustedSetup.overrideUsed) {
            return string.concat(
                "DEV keys ('",
                kind,
                "', NOT a ceremony): deployed under ",
                TrustedSetup.OVERRIDE_NAME,
                "; anyone may forge proofs"
            );
        }
        return string.concat(
            "DEV keys ('",
            kind,
            "', NOT a ceremony): anyone may forge proofs; fine on this local chain, refused on any other"
        );
    }

    /// @dev Printed before anything is sent and again in the summary, so that it is the last thing on screen.
    function _warnOverride(DeployConfig.Config memory config) internal view {
        string memory bar =
            "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!";
        console.log(bar);
        console.log(
            string.concat(
                "!! WARNING: DEV TRUSTED SETUP ON CHAIN ",
                vm.toString(block.chainid),
                " (",
                config.network,
                "), allowed by ",
                TrustedSetup.OVERRIDE_NAME
            )
        );
        console.log(
            string.concat(
                "!! circuits/manifest.json's keys come from a '",
                _trustedSetup.kind,
                "' setup: whoever ran it can forge a proof of ANY output."
            )
        );
        console.log("!! Use this deployment as a throwaway testnet only; its deployment file records the override.");
        console.log("!! A real network needs the ceremony's keys: docs/security.md.");
        console.log(bar);
    }

    /* ------------------------------------------------------------------ */
    /*                                HELPERS                             */
    /* ------------------------------------------------------------------ */

    function _proxy(address implementation, bytes memory initCall) internal returns (address) {
        return address(new ERC1967Proxy(implementation, initCall));
    }

    /// @dev The registry id of a circuit named "<id>/<backend>", or 0 for "".
    function _circuitId(string memory key, string memory model) internal view returns (uint32) {
        if (bytes(key).length == 0) return 0;
        for (uint256 i; i < _circuitKeys.length; ++i) {
            if (keccak256(bytes(_circuitKeys[i])) == keccak256(bytes(key))) return uint32(i + 1);
        }
        revert(string.concat("demo model ", model, " names circuit ", key, ", which the manifest does not list"));
    }

    /// @notice The ERC-1967 implementation behind a proxy.
    function implementationOf(address proxy) public view returns (address) {
        return address(uint160(uint256(vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }
}
